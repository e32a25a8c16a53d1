import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { assertError, authConfig, forge, type TokenPair, tamper, tokens } from "./support/auth.js";
import { testConfig } from "./support/host-config.js";

let host: TestHost;
let pair: TokenPair;

test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig() });
  pair = await tokens(host);
});
test.after.always(() => host?.stop());

const TASKS = "/api/tasks/";
const INVALID = ["FDO_ERR_AUTH_TOKEN_INVALID", "invalid signature"] as const;
const OTHER_KEY = "another-key-of-the-same-length-0123456789abcdef";

const tasks = (auth: string | false, headers: Record<string, string> = {}) => host.request("GET", TASKS, { auth, headers });

// Serial tests run before the concurrent ones, so moving the clock or stopping slapd here disturbs nobody.

test.serial("an access token expires by the host's clock, not the wall clock", async (t) => {
  const start = host.clock.now();
  const { access_token } = await tokens(host);
  t.is((await tasks(access_token)).status, 200);
  host.clock.advance(301_000);
  try {
    assertError(t, await tasks(access_token), 401, "FDO_ERR_AUTH_TOKEN_EXPIRED", "token has expired");
  } finally {
    host.clock.set(start);
  }
});

test.serial("a missing or invalid token is refused without any LDAP work (slapd down)", async (t) => {
  await host.slapd.stop();
  try {
    assertError(t, await tasks(false), 401, "FDO_ERR_AUTH_TOKEN_MISSING", "incomplete authorization header");
    assertError(t, await tasks("garbage"), 401, ...INVALID);
    assertError(t, await tasks(forge(host, {}, { key: OTHER_KEY })), 401, ...INVALID);
    assertError(t, await tasks(pair.refresh_token), 401, ...INVALID);
  } finally {
    await host.slapd.start();
  }
  t.is((await tasks(pair.access_token)).status, 200, "the host recovers once slapd is back");
});

test("a login's access token opens the protected route", async (t) => {
  t.is((await tasks(pair.access_token)).status, 200);
});

// Control for the forged rows below: without the deliberate defect a forged token is accepted.
test("a well-forged access token with the host's key is accepted", async (t) => {
  t.is((await tasks(forge(host))).status, 200);
});

// Upstream matches ^Bearer\s+(.*)$, so clients that put more than one space after "Bearer" worked.
test("a token after several spaces is accepted, as upstream's \\s+ did", async (t) => {
  t.is((await tasks(false, { authorization: `Bearer   ${pair.access_token}` })).status, 200);
});

test("no Authorization header is 401 token missing", async (t) => {
  assertError(t, await tasks(false), 401, "FDO_ERR_AUTH_TOKEN_MISSING", "incomplete authorization header");
});

for (const header of ["Basic abc", "Bearer", "Token abc"]) {
  test(`Authorization "${header}" is 400 malformed header`, async (t) => {
    assertError(t, await tasks(false, { authorization: header }), 400, "FDO_ERR_AUTH_HEADER_MALFORMED", "incomplete authorization header");
  });
}

const INVALID_TOKENS: ReadonlyArray<readonly [string, () => string]> = [
  ["alg none (S1)", () => forge(host, {}, { alg: "none" })],
  ["HS512 with the same key (S1)", () => forge(host, {}, { alg: "HS512" })],
  ["a tampered payload", () => tamper(pair.access_token, { sub: "admin" })],
  ["another key", () => forge(host, {}, { key: OTHER_KEY })],
  ["a wrong issuer (S4)", () => forge(host, { iss: "someone-else" })],
  ["a wrong audience (S4)", () => forge(host, { aud: "someone-else" })],
  ["no issuer (S4)", () => forge(host, { iss: undefined })],
  ["a refresh token (S3)", () => pair.refresh_token],
  ["no token_use claim (S3)", () => forge(host, { token_use: undefined })],
  ["garbage", () => "garbage"],
  ["three garbage parts", () => "a.b.c"],
  ["an expired token signed with another key (S2)", () => forge(host, {}, { key: OTHER_KEY, age: 600 })],
  // Signed with the right key but not shaped like the host's tokens (issue 15 item 5, S5).
  ["no exp (valid forever otherwise)", () => forge(host, {}, { ttl: null })],
  ["no jti", () => forge(host, { jti: undefined })],
  ["an iat an hour in the future", () => forge(host, {}, { age: -3600 })],
  ["a claimed lifetime longer than TOKEN_EXPIRY", () => forge(host, {}, { ttl: 86400 })],
];

for (const [label, token] of INVALID_TOKENS) {
  test(`a bearer token with ${label} is 401 invalid signature`, async (t) => {
    assertError(t, await tasks(token()), 401, ...INVALID);
  });
}

test("an expired token with the right key is 401 token expired", async (t) => {
  assertError(t, await tasks(forge(host, {}, { age: 600 })), 401, "FDO_ERR_AUTH_TOKEN_EXPIRED", "token has expired");
});

// S6: the key signs every token, so a short or sample key must stop the service from starting.
for (const [label, key] of [
  ["31 bytes", "k".repeat(31)],
  ["upstream's placeholder", "256_web_bit_key"],
  ["empty", ""],
] as const) {
  test(`a SECRET_KEY that is ${label} is refused at start-up`, async (t) => {
    await t.throwsAsync(testConfig({ SECRET_KEY: key }), { code: "FDO_ERR_CONFIG_INVALID" });
  });
}

test("a SECRET_KEY of 32 random bytes is accepted", async (t) => {
  await t.notThrowsAsync(testConfig({ SECRET_KEY: "bd9762082f0695d003c01a4508d8ca8f" }));
});
