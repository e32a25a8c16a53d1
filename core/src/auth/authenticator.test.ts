import { type Directory, LdapNoSuchObjectError, LdapUnavailableError, type Logger } from "@fdo/sdk";
import test from "ava";
import { LdapDirectoryEntry } from "../ldap/directory-entry.js";
import { Authenticator } from "./authenticator.js";
import { DsaAccounts } from "./dsa-accounts.js";
import { LoginThrottle } from "./login-throttle.js";
import type { RefreshTokenStore } from "./refresh-token-store.js";
import { TokenService } from "./token-service.js";

const BRANCH = "ou=dsa,dc=example,dc=org";
const clock = { now: () => new Date("2026-11-28T10:00:00Z") };
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

interface Fixture {
  readonly auth: Authenticator;
  /** Passwords that reached the bind, in order. */
  readonly binds: string[];
  /** Lets every held bind answer. */
  release(): void;
}

/**
 * An authenticator over a directory that knows one DSA account (`legacy-client`, whatever the spelling) and a bind
 * check that counts every password reaching it and holds its answer until `release()`.
 */
function fixture(options: { search?: () => AsyncIterable<LdapDirectoryEntry>; bindError?: Error } = {}): Fixture {
  const binds: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const directory = {
    search:
      options.search ??
      async function* () {
        yield new LdapDirectoryEntry(`cn=legacy-client,${BRANCH}`, { userPassword: Buffer.from("{SHA}x") });
      },
  } as unknown as Directory;
  const accounts = new DsaAccounts({
    directory,
    ldapBase: "dc=example,dc=org",
    configuredBranch: BRANCH,
    verifyBind: async (_dn, password) => {
      binds.push(password);
      if (options.bindError !== undefined) throw options.bindError;
      await held;
      return password === "legacy-secret";
    },
    logger: silent,
  });
  const throttle = new LoginThrottle({ clock, windowSeconds: 900, maxFailuresPerAccount: 3, maxFailuresPerAddress: 1000, baseDelayMs: 0 });
  const tokens = new TokenService({ secret: "a-test-secret-that-is-long-enough-for-hs256-000", issuer: "i", audience: "a", accessTtl: 300, refreshTtl: 3600, sessionLifetime: 7200, clock });
  const store = { create: async () => undefined } as unknown as RefreshTokenStore;
  return { auth: new Authenticator({ accounts, throttle, tokens, store, logger: silent }), binds, release };
}

const codeOf = (result: PromiseSettledResult<unknown>): string => (result.status === "fulfilled" ? "ok" : String((result.reason as { code?: string }).code));

// Issue 15: 200 simultaneous guesses all reached the bind, and the right password among them got a token pair.
test("of 200 simultaneous guesses, AUTH_MAX_FAILURES reach the bind and the right password sent last is refused", async (t) => {
  const { auth, binds, release } = fixture();
  const guesses = Array.from({ length: 199 }, (_, index) => `guess-${index}`);
  const attempts = [...guesses, "legacy-secret"].map((password) => auth.login("legacy-client", password, "10.0.0.1"));
  const settled = Promise.allSettled(attempts);
  // The fake directory answers in microtasks: once they have drained, every attempt was let through or refused.
  await new Promise<void>((resolve) => setImmediate(resolve));
  t.is(binds.length, 3, "only three guesses reached the directory while all were in flight");
  release();
  const outcomes = (await settled).map(codeOf);
  t.is(outcomes.at(-1), "FDO_ERR_AUTH_RATE_LIMITED", "the right password, sent last, is refused");
  t.is(outcomes.filter((code) => code === "FDO_ERR_AUTH_INVALID_CREDENTIALS").length, 3);
  t.is(outcomes.filter((code) => code === "FDO_ERR_AUTH_RATE_LIMITED").length, 197);
  t.is(binds.length, 3);
});

test("spellings the directory treats as one account share its failure count", async (t) => {
  const { auth, binds, release } = fixture();
  release();
  for (const name of ["legacy-client", "Legacy-Client", "legacy-client "]) await t.throwsAsync(auth.login(name, "wrong", "10.0.0.1"), { code: "FDO_ERR_AUTH_INVALID_CREDENTIALS" });
  for (const name of ["LEGACY-CLIENT", "\u00a0legacy-client", "legacy-client\u3000", "legacy-ｃlient"]) {
    await t.throwsAsync(auth.login(name, "legacy-secret", "10.0.0.2"), { code: "FDO_ERR_AUTH_RATE_LIMITED" }, JSON.stringify(name));
  }
  t.is(binds.length, 3);
});

test("unknown names are counted by their normalised form", async (t) => {
  const { auth, binds, release } = fixture({ search: async function* () {} });
  release();
  for (const name of ["ghost", "GHOST", " ghost"]) await t.throwsAsync(auth.login(name, "wrong", "10.0.0.1"), { code: "FDO_ERR_AUTH_INVALID_CREDENTIALS" });
  for (const name of ["ｇhost", "ghost\u00a0", "Ghost"]) await t.throwsAsync(auth.login(name, "wrong", "10.0.0.1"), { code: "FDO_ERR_AUTH_RATE_LIMITED" });
  t.is(binds.length, 3);
});

test("a directory failure during login is the generic 503, the details kept as the cause for the log", async (t) => {
  const missing = new LdapNoSuchObjectError(`LDAP search ou=missing,dc=example,dc=org failed`);
  const { auth, binds } = fixture({
    search: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(missing) }),
    }),
  });
  const error = await t.throwsAsync(auth.login("legacy-client", "legacy-secret", "10.0.0.1"));
  t.like(error, { code: "FDO_ERR_LDAP_UNAVAILABLE", status: 503, message: "directory unavailable" });
  t.is((error as Error).cause, missing);
  t.is(binds.length, 0);
});

test("attempts the directory could not judge do not count towards the lockout", async (t) => {
  const { auth, binds } = fixture({ bindError: new LdapUnavailableError("connect ECONNREFUSED 127.0.0.1:389") });
  for (let index = 0; index < 5; index += 1) {
    await t.throwsAsync(auth.login("legacy-client", `guess-${index}`, "10.0.0.1"), { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" });
  }
  t.is(binds.length, 5);
});
