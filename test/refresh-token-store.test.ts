import type { DirectoryChange } from "@fdo/sdk";
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
  // Writes the store makes, by operation.
  const writes: string[] = [];
  for (const operation of ["add", "modify", "delete", "deleteIfMatches"] as const) {
    const original = directory[operation].bind(directory) as (...args: unknown[]) => Promise<void>;
    (directory as unknown as Record<string, unknown>)[operation] = (...args: unknown[]) => {
      writes.push(operation);
      return original(...args);
    };
  }
  // The family each entry holds now (its family: value, else its cn), by DN.
  const live = async () =>
    (await directory.searchAll({ base: branch, filter: "(objectClass=fdJWT)", attributes: ["cn", "fdRefreshToken"] }))
      .map(
        (entry) =>
          entry
            .values("fdRefreshToken")
            .find((value) => value.startsWith("family:"))
            ?.slice("family:".length) ?? entry.values("cn").find((cn) => !cn.endsWith("-jwt")),
      )
      .sort();
  return { directory, clock, tokens, branch, store, writes, live };
}

test("expired families are swept; live ones stay; the branch is created when missing", async (t) => {
  const { directory, clock, tokens, branch, store } = await storeOnSlapd(t, 20);

  const old = await store.create("orchestrator", tokens.passwordStateTag("password-state"));
  clock.advance(1800_000);
  const young = await store.create("orchestrator", tokens.passwordStateTag("password-state"));
  clock.advance(1801_000);

  t.is(await store.sweepExpired(), 1);
  t.is(await directory.read(`cn=${old.family},${branch}`), null);
  t.deepEqual((await directory.read(`cn=${young.family},${branch}`))?.values("fdRefreshToken"), [
    `family:${young.family}`,
    `active:${young.hash}`,
    `state:${tokens.passwordStateTag("password-state")}`,
  ]);
  t.deepEqual((await directory.read(`cn=${young.family},${branch}`))?.values("cn").slice().sort(), [young.family, "orchestrator-jwt"].sort());
});

test("an account keeps at most familiesPerAccount live families: a login at the limit takes the least recently used one's entry over, in one write", async (t) => {
  const { directory, clock, tokens, store, writes, live } = await storeOnSlapd(t, 3);
  const state = tokens.passwordStateTag("password-state");
  const login = async (subject: string) => {
    clock.advance(60_000);
    const issued = await store.create(subject, state);
    await store.idle();
    return { ...issued, authTime: tokens.nowSeconds() };
  };
  let familySearches = 0;
  const search = directory.search.bind(directory);
  directory.search = (options) => {
    if (options.filter?.includes("-jwt")) familySearches += 1;
    return search(options);
  };

  const first = await login("orchestrator");
  familySearches = 0;
  await login("orchestrator");
  t.is(familySearches, 1, "below the limit: the listing, and no clean-up search after the add");
  const third = await login("orchestrator");
  const other = await login("other-dsa");
  // The first family is used (rotated) after the others were created: it is no longer the least recently used.
  clock.advance(60_000);
  const rotated = tokens.refreshToken("orchestrator", { family: first.family, authTime: first.authTime });
  await store.rotate("orchestrator", first.family, first.hash, rotated, state);
  writes.length = 0;
  const fourth = await login("orchestrator");
  t.deepEqual(writes, ["modify"], "one write: the idle second family's entry now holds the fourth");
  t.deepEqual(await live(), [first, third, fourth, other].map((issued) => issued.family).sort(), "the idle second family was revoked; the other account is untouched");
  const fifth = await login("orchestrator");
  t.deepEqual(await live(), [first, fourth, fifth, other].map((issued) => issued.family).sort());
  const sixth = await login("orchestrator");
  t.deepEqual(await live(), [fourth, fifth, sixth, other].map((issued) => issued.family).sort(), "an entry taken over can be taken over again");
});

test("after the limit was lowered, a login takes an entry over and the families above the new limit are revoked", async (t) => {
  const { directory, tokens, branch, store, live } = await storeOnSlapd(t, 3);
  const state = tokens.passwordStateTag("password-state");
  for (let index = 0; index < 3; index += 1) await store.create("orchestrator", state);
  await store.idle();
  const { logger } = memoryLogger();
  const lowered = new RefreshTokenStore({ directory, tokens, branch: async () => branch, overlapSeconds: 10, familiesPerAccount: 1, logger });
  const issued = await lowered.create("orchestrator", state);
  await lowered.idle();
  t.deepEqual(await live(), [issued.family]);
});

test("a family whose entry was taken over is refused, and its tokens can neither revoke nor touch the family now there", async (t) => {
  const { clock, tokens, store, live } = await storeOnSlapd(t, 1);
  const state = tokens.passwordStateTag("password-state");
  const first = await store.create("orchestrator", state);
  clock.advance(60_000);
  const second = await store.create("orchestrator", state);
  t.deepEqual(await live(), [second.family]);

  const replayed = tokens.refreshToken("orchestrator", { family: first.family, authTime: tokens.nowSeconds() });
  await t.throwsAsync(store.rotate("orchestrator", first.family, first.hash, replayed, state), { code: "FDO_ERR_AUTH_REFRESH_REVOKED" });
  t.false(await store.revoke(first.family), "logging out the revoked family is a no-op");
  t.deepEqual(await live(), [second.family], "the family now in the entry was not revoked as a reuse");

  clock.advance(60_000);
  const next = tokens.refreshToken("orchestrator", { family: second.family, authTime: tokens.nowSeconds() });
  await store.rotate("orchestrator", second.family, second.hash, next, state);
  clock.advance(11_000);
  await t.throwsAsync(store.rotate("orchestrator", second.family, second.hash, tokens.refreshToken("orchestrator", { family: second.family, authTime: tokens.nowSeconds() }), state), {
    code: "FDO_ERR_AUTH_REFRESH_REVOKED",
  });
  t.deepEqual(await live(), [], "reuse of the family that took the entry over still revokes it");
});

test("a take-over that loses to a refresh of that family adds an entry instead; entries written before take-overs are revoked by the clean-up", async (t) => {
  const { directory, clock, tokens, branch, store, writes, live } = await storeOnSlapd(t, 1);
  const state = tokens.passwordStateTag("password-state");
  // An entry as an earlier version wrote it: no family: value, its cn is its family.
  const legacy = tokens.refreshToken("legacy-dsa");
  await directory.add(branch, { objectClass: ["organizationalUnit"], ou: ["orchestrator-tokens"] });
  await directory.add(`cn=${legacy.family},${branch}`, {
    objectClass: ["fdJWT"],
    cn: [legacy.family, "legacy-dsa-jwt"],
    fdRefreshToken: [`active:${legacy.hash}`, `state:${state}`],
    fdRefreshTokenExpiry: [String(legacy.expiresAt)],
  });
  clock.advance(60_000);
  const rotated = tokens.refreshToken("legacy-dsa", { family: legacy.family, authTime: tokens.nowSeconds() });
  await store.rotate("legacy-dsa", legacy.family, legacy.hash, rotated, state);
  writes.length = 0;
  const next = await store.create("legacy-dsa", state);
  await store.idle();
  t.deepEqual(writes, ["add", "delete"], "an entry without a family: value is not taken over");
  t.deepEqual(await live(), [next.family]);

  // A refresh of the family about to be taken over lands first: the take-over's compare-and-swap fails.
  const modify = directory.modify.bind(directory);
  let raced = false;
  directory.modify = async (dn: string, changes: readonly DirectoryChange[]) => {
    if (!raced && changes.some((change) => change.values?.some((value) => typeof value === "string" && value.startsWith("family:")))) {
      raced = true;
      clock.advance(1000);
      await store.rotate("legacy-dsa", next.family, next.hash, tokens.refreshToken("legacy-dsa", { family: next.family, authTime: tokens.nowSeconds() }), state);
    }
    return modify(dn, changes);
  };
  writes.length = 0;
  const later = await store.create("legacy-dsa", state);
  await store.idle();
  t.true(raced);
  t.deepEqual(writes, ["modify", "modify", "add", "deleteIfMatches"], "the refresh, the failed take-over, then an add and the clean-up");
  t.deepEqual(await live(), [later.family]);

  // The family about to be taken over is revoked first (a logout, another instance's clean-up): the same.
  directory.modify = async (dn: string, changes: readonly DirectoryChange[]) => {
    await store.revoke(later.family);
    return modify(dn, changes);
  };
  const last = await store.create("legacy-dsa", state);
  t.deepEqual(await live(), [last.family]);
});

test("concurrent logins of one account share their listings and clean-ups and leave at most familiesPerAccount families", async (t) => {
  const { directory, tokens, store, live } = await storeOnSlapd(t, 3);
  const state = tokens.passwordStateTag("password-state");
  let familySearches = 0;
  const search = directory.search.bind(directory);
  directory.search = (options) => {
    if (options.filter?.includes("-jwt")) familySearches += 1;
    return search(options);
  };
  const logins = () => Promise.all(Array.from({ length: 12 }, () => store.create("orchestrator", state)));
  const issued = await logins();
  await store.idle();
  t.is((await live()).length, 3);
  t.true(familySearches < issued.length, `${familySearches} searches for ${issued.length} logins`);
  // At the limit, concurrent logins take distinct entries over, then add what is missing and clean up.
  const again = await logins();
  await store.idle();
  t.is(new Set(again.map((token) => token.family)).size, 12);
  const families = await live();
  t.is(families.length, 3);
  t.true(
    families.every((family) => again.some((token) => token.family === family)),
    "the three left are of the latest logins",
  );
});
