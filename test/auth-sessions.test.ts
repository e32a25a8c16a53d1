import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { assertError, authConfig, decodeToken, login, nowSeconds, ORCHESTRATOR_PASSWORD, pairOf, refresh, tokens } from "./support/auth.js";

// Issue 15 item 4: sessions end. A change of the account's password in the directory ends every session of that
// account at its next refresh, and no session outlives REFRESH_ABSOLUTE_LIFETIME however often it is refreshed.

const REFRESH_EXPIRY = 3600;
const SESSION_LIFETIME = 7200;
const SESSION_ENDED = ["FDO_ERR_AUTH_SESSION_ENDED", "invalid token (not on whitelist)"] as const;
let host: TestHost;

test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig({ REFRESH_EXPIRY: String(REFRESH_EXPIRY), REFRESH_ABSOLUTE_LIFETIME: String(SESSION_LIFETIME) }) });
});
test.after.always(() => host?.stop());

const familyDn = (token: string): string => `cn=${String(decodeToken(token).payload["fam"])},ou=dsa,${host.slapd.baseDn}`;

// Serial: the tests change a password and move the clock.

test.serial("a password change in the directory ends every session of that account, and only those", async (t) => {
  const [first, second, other] = await Promise.all([tokens(host, "md5-client", "md5-secret"), tokens(host, "md5-client", "md5-secret"), tokens(host)]);
  // A refresh before the change keeps working: the family is bound to the password, not to the first token.
  const rotated = pairOf(await refresh(host, first.refresh_token));

  await host.ldap.modify(`cn=md5-client,ou=dsa,${host.slapd.baseDn}`, [{ operation: "replace", attribute: "userPassword", values: ["md5-new-secret"] }]);

  assertError(t, await refresh(host, rotated.refresh_token), 400, ...SESSION_ENDED);
  assertError(t, await refresh(host, second.refresh_token), 400, ...SESSION_ENDED);
  t.is(await host.ldap.read(familyDn(second.refresh_token)), null, "the family is revoked, not just refused");
  t.is((await refresh(host, other.refresh_token)).status, 200, "another account's session goes on");

  const fresh = await tokens(host, "md5-client", "md5-new-secret");
  t.is((await refresh(host, fresh.refresh_token)).status, 200, "a login with the new password starts a session that refreshes");
  t.is((await login(host, "md5-client", "md5-secret")).status, 401);
  t.true(
    host.logs().some((line) => /password changed/.test(String(line["msg"])) && line["sub"] === "md5-client"),
    "the end is logged",
  );
});

test.serial("a session refreshed before every expiry still ends REFRESH_ABSOLUTE_LIFETIME after its login", async (t) => {
  const loginAt = nowSeconds(host);
  let token = (await tokens(host)).refresh_token;
  for (const step of [3000, 3000, 1150]) {
    host.clock.advance(step * 1000);
    token = pairOf(await refresh(host, token)).refresh_token;
    const { exp, auth_time: authTime } = decodeToken(token).payload;
    t.is(authTime, loginAt, "every token of the family carries the login time");
    t.true(Number(exp) <= loginAt + SESSION_LIFETIME, `exp ${String(exp)} is past the session's end`);
    const stored = await host.ldap.read(familyDn(token), ["fdRefreshTokenExpiry"]);
    t.true(Number(stored?.first("fdRefreshTokenExpiry")) <= loginAt + SESSION_LIFETIME, "the stored expiry is capped too (the sweeper deletes it then)");
  }
  host.clock.advance(51_000);
  const ended = await refresh(host, token);
  t.is(ended.status, 400, ended.text);
  t.is((ended.body as { code?: string }).code, "FDO_ERR_AUTH_REFRESH_INVALID");
  t.is((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD)).status, 200, "a new login is what it takes");
});
