import test from "ava";
import { memoryLogger, startSlapd, TestClock } from "@fdo/testing";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { RefreshTokenStore } from "../core/src/auth/refresh-token-store.js";
import { TokenService } from "../core/src/auth/token-service.js";

test("expired families are swept; live ones stay; the branch is created when missing", async (t) => {
  const slapd = await startSlapd({ demoData: false });
  t.teardown(() => slapd.destroy());
  const { logger } = memoryLogger();
  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger });
  t.teardown(() => directory.close());
  const clock = new TestClock("2026-11-28T10:00:00Z");
  const tokens = new TokenService({ secret: "a-test-secret-that-is-long-enough-for-hs256-000", issuer: "i", audience: "a", accessTtl: 300, refreshTtl: 3600, sessionLifetime: 7200, clock });
  const branch = `ou=orchestrator-tokens,${slapd.baseDn}`;
  const store = new RefreshTokenStore({ directory, tokens, branch: async () => branch, overlapSeconds: 10, logger });

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
