import { memoryLogger, startSlapd, TestClock } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { RefreshTokenStore } from "../core/src/auth/refresh-token-store.js";
import { TokenService } from "../core/src/auth/token-service.js";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";

async function storeOnSlapd(t: ExecutionContext, familiesPerAccount: number) {
  const slapd = await startSlapd({ demoData: false });
  t.teardown(() => slapd.destroy());
  const { logger } = memoryLogger();
  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger });
  t.teardown(() => directory.close());
  const clock = new TestClock("2026-11-28T10:00:00Z");
  const tokens = new TokenService({ secret: "a-test-secret-that-is-long-enough-for-hs256-000", issuer: "i", audience: "a", accessTtl: 300, refreshTtl: 3600, sessionLifetime: 7200, clock });
  const branch = `ou=orchestrator-tokens,${slapd.baseDn}`;
  const store = new RefreshTokenStore({ directory, tokens, branch: async () => branch, overlapSeconds: 10, familiesPerAccount, logger });
  return { directory, clock, tokens, branch, store };
}

test("expired families are swept; live ones stay; the branch is created when missing", async (t) => {
  const { directory, clock, tokens, branch, store } = await storeOnSlapd(t, 20);

  const old = tokens.refreshToken("orchestrator");
  await store.create("orchestrator", old, tokens.passwordStateTag("password-state"));
  clock.advance(1800_000);
  const young = tokens.refreshToken("orchestrator");
  await store.create("orchestrator", young, tokens.passwordStateTag("password-state"));
  clock.advance(1801_000);

  t.is(await store.sweepExpired(), 1);
  t.is(await directory.read(`cn=${old.family},${branch}`), null);
  t.deepEqual((await directory.read(`cn=${young.family},${branch}`))?.values("fdRefreshToken"), [`active:${young.hash}`, `state:${tokens.passwordStateTag("password-state")}`]);
  t.deepEqual((await directory.read(`cn=${young.family},${branch}`))?.values("cn").slice().sort(), [young.family, "orchestrator-jwt"].sort());
});

test("an account keeps at most familiesPerAccount live families: right after a new login the least recently used is revoked", async (t) => {
  const { directory, clock, tokens, branch, store } = await storeOnSlapd(t, 3);
  const state = tokens.passwordStateTag("password-state");
  const login = async (subject: string) => {
    clock.advance(60_000);
    const issued = tokens.refreshToken(subject);
    await store.create(subject, issued, state);
    await store.idle();
    return { ...issued, authTime: tokens.nowSeconds() };
  };
  const live = async () => (await directory.searchAll({ base: branch, filter: "(objectClass=fdJWT)", attributes: ["cn"] })).map((entry) => entry.dn).sort();

  const first = await login("orchestrator");
  const second = await login("orchestrator");
  const third = await login("orchestrator");
  const other = await login("other-dsa");
  // The first family is used (rotated) after the others were created: it is no longer the least recently used.
  clock.advance(60_000);
  const rotated = tokens.refreshToken("orchestrator", { family: first.family, authTime: first.authTime });
  await store.rotate("orchestrator", first.family, first.hash, rotated, state);
  const fourth = await login("orchestrator");
  t.deepEqual(await live(), [first, third, fourth, other].map((issued) => `cn=${issued.family},${branch}`).sort(), "the idle second family was revoked; the other account is untouched");
  const fifth = await login("orchestrator");
  t.deepEqual(await live(), [first, fourth, fifth, other].map((issued) => `cn=${issued.family},${branch}`).sort());
  t.is(await directory.read(`cn=${second.family},${branch}`), null);
});

test("concurrent logins of one account share their clean-ups and leave at most familiesPerAccount families", async (t) => {
  const { directory, tokens, branch, store } = await storeOnSlapd(t, 3);
  const state = tokens.passwordStateTag("password-state");
  let familySearches = 0;
  const search = directory.search.bind(directory);
  directory.search = (options) => {
    if (options.filter?.includes("-jwt")) familySearches += 1;
    return search(options);
  };
  const issued = Array.from({ length: 12 }, () => tokens.refreshToken("orchestrator"));
  await Promise.all(issued.map((token) => store.create("orchestrator", token, state)));
  await store.idle();
  const live = await directory.searchAll({ base: branch, filter: "(objectClass=fdJWT)", attributes: ["cn"] });
  t.is(live.length, 3);
  t.true(familySearches < issued.length, `${familySearches} clean-up searches for ${issued.length} logins`);
});
