import { randomUUID } from "node:crypto";
import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { assertError, assertPairResponse, authConfig, decodeToken, forge, logout, nowSeconds, pairOf, post, refresh, tokens } from "./support/auth.js";

let host: TestHost;

test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig() });
});
test.after.always(() => host?.stop());

const REVOKED = ["FDO_ERR_AUTH_REFRESH_REVOKED", "invalid token (not on whitelist)"] as const;
const INVALID = ["FDO_ERR_AUTH_REFRESH_INVALID", "invalid token"] as const;
const MISSING = ["FDO_ERR_AUTH_REFRESH_MISSING", "missing token"] as const;
const OVERLAP_MS = 10_000;

const familyOf = (token: string): unknown => decodeToken(token).payload["fam"];
const rotate = async (token: string): Promise<string> => pairOf(await refresh(host, token)).refresh_token;

// Serial tests run before the concurrent ones: they move the clock.

test.serial("a superseded token replayed after the overlap window revokes its family only, and is logged (S7, S8)", async (t) => {
  const [first, other] = await Promise.all([tokens(host), tokens(host)]);
  const second = await rotate(first.refresh_token);
  host.clock.advance(OVERLAP_MS + 1000);

  assertError(t, await refresh(host, first.refresh_token), 400, ...REVOKED);
  assertError(t, await refresh(host, second), 400, ...REVOKED);
  t.is((await refresh(host, other.refresh_token)).status, 200, "another login's family of the same account survives");

  const event = host.logs().find((line) => /reuse/i.test(String(line["msg"])));
  t.truthy(event, "a reuse security event is logged");
  t.true(Number(event?.["level"]) >= 40, "at warn level or above");
  t.true(JSON.stringify(event).includes("orchestrator"), "naming the subject");
  const logs = JSON.stringify(host.logs());
  for (const token of [first.refresh_token, second]) t.false(logs.includes(token.split(".")[2] ?? token), "never the token");
});

test.serial("a replay inside the overlap window is a client retry: it succeeds and the family lives on (S9)", async (t) => {
  const { refresh_token } = await tokens(host);
  await rotate(refresh_token);
  host.clock.advance(OVERLAP_MS / 2);
  const retried = assertPairResponse(t, await refresh(host, refresh_token));
  t.is(familyOf(retried.refresh_token), familyOf(refresh_token));
  t.is((await refresh(host, retried.refresh_token)).status, 200);
});

test.serial("only the immediately previous token is tolerated: the one before it is reuse even inside the window (S9)", async (t) => {
  const { refresh_token } = await tokens(host);
  const latest = await rotate(await rotate(refresh_token));
  assertError(t, await refresh(host, refresh_token), 400, ...REVOKED);
  assertError(t, await refresh(host, latest), 400, ...REVOKED);
});

test.serial("an expired refresh token is invalid", async (t) => {
  const { refresh_token } = await tokens(host);
  host.clock.advance(432_001_000);
  assertError(t, await refresh(host, refresh_token), 400, ...INVALID);
});

test("a refresh answers a fresh pair in login's shape, in the same family", async (t) => {
  const old = await tokens(host);
  const fresh = assertPairResponse(t, await refresh(host, old.refresh_token));
  t.not(fresh.access_token, old.access_token);
  t.not(fresh.refresh_token, old.refresh_token);
  t.is(familyOf(fresh.refresh_token), familyOf(old.refresh_token));
  t.is(decodeToken(fresh.access_token).payload["token_use"], "access");
  t.is((await host.request("GET", "/api/tasks/", { auth: fresh.access_token })).status, 200);
});

// Several families at once so the two requests of a pair really interleave (a lone pair is often served in turn).
test("two parallel refreshes with the same token both succeed (S9)", async (t) => {
  const families = await Promise.all(Array.from({ length: 5 }, () => tokens(host)));
  const pairs = await Promise.all(families.map(({ refresh_token }) => Promise.all([refresh(host, refresh_token), refresh(host, refresh_token)])));
  for (const responses of pairs)
    t.deepEqual(
      responses.map((response) => response.status),
      [200, 200],
      responses.map((response) => (response.status === 200 ? "ok" : response.text)).join(" | "),
    );
});

test("each login of the same account gets its own family, and both refresh (S10)", async (t) => {
  const first = await tokens(host);
  const second = await tokens(host);
  t.not(familyOf(first.refresh_token), familyOf(second.refresh_token));
  t.is((await refresh(host, first.refresh_token)).status, 200, "the later login did not replace the earlier one");
  t.is((await refresh(host, second.refresh_token)).status, 200);
});

for (const [label, body] of [
  ["an empty object", {}],
  ["an empty body", ""],
  ["a misnamed key", { refresh_token: "x" }],
] as const) {
  test(`refresh and logout with ${label} are 400 missing token`, async (t) => {
    assertError(t, await post(host, "/api/refresh", body), 400, ...MISSING);
    assertError(t, await post(host, "/api/logout", body), 400, ...MISSING);
  });
}

const INVALID_TOKENS: ReadonlyArray<readonly [string, () => Promise<string> | string]> = [
  ["garbage", () => "garbage"],
  ["three garbage parts", () => "a.b.c"],
  ["an access token (S3)", async () => (await tokens(host)).access_token],
  ["another key", () => forge(host, { token_use: "refresh", fam: randomUUID() }, { key: "another-key-of-the-same-length-0123456789abcdef" })],
  ["alg none", () => forge(host, { token_use: "refresh", fam: randomUUID() }, { alg: "none" })],
  ["an expired signature-valid token", () => forge(host, { token_use: "refresh", fam: randomUUID() }, { age: 7200, ttl: 3600 })],
  ["a signature-valid token without exp", () => forge(host, { token_use: "refresh", fam: randomUUID(), auth_time: nowSeconds(host) }, { ttl: null })],
  ["a signature-valid token without auth_time", () => forge(host, { token_use: "refresh", fam: randomUUID() }, { ttl: 3600 })],
];

for (const [label, token] of INVALID_TOKENS) {
  test(`refresh and logout with ${label} are 400 invalid token`, async (t) => {
    const value = await token();
    assertError(t, await refresh(host, value), 400, ...INVALID);
    assertError(t, await logout(host, value), 400, ...INVALID);
  });
}

test("a well-signed refresh token the store never issued is not on the whitelist", async (t) => {
  const token = forge(host, { token_use: "refresh", fam: randomUUID(), auth_time: nowSeconds(host) }, { ttl: 3600 });
  assertError(t, await refresh(host, token), 400, ...REVOKED);
});

test("logout revokes the token's family and leaves the other families alone (S11)", async (t) => {
  const [mine, other] = await Promise.all([tokens(host), tokens(host)]);
  const latest = await rotate(mine.refresh_token);
  const response = await logout(host, latest);
  t.is(response.status, 200);
  t.is(response.text, "");
  assertError(t, await refresh(host, latest), 400, ...REVOKED);
  assertError(t, await refresh(host, mine.refresh_token), 400, ...REVOKED);
  t.is((await refresh(host, other.refresh_token)).status, 200);
});

test("logout with a token also revokes the later tokens of its family (S11)", async (t) => {
  const { refresh_token } = await tokens(host);
  const later = await rotate(refresh_token);
  t.is((await logout(host, refresh_token)).status, 200);
  assertError(t, await refresh(host, later), 400, ...REVOKED);
});

test("logging out twice answers upstream's 200 message the second time", async (t) => {
  const { refresh_token } = await tokens(host);
  t.is((await logout(host, refresh_token)).text, "");
  const again = await logout(host, refresh_token);
  t.is(again.status, 200);
  t.deepEqual(again.body, { message: "Error logging out, either wrong refresh token passed or already logged out!" });
});
