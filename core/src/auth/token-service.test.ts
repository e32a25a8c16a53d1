import { randomUUID } from "node:crypto";
import test from "ava";
import jwt from "jsonwebtoken";
import { CLOCK_TOLERANCE_SECONDS, TokenService } from "./token-service.js";

const secret = "a-test-secret-that-is-long-enough-for-hs256-000";
let now = Date.parse("2026-11-28T10:00:00Z");
const nowSeconds = (): number => now / 1000;
const options = { secret, issuer: "iss", audience: "aud", accessTtl: 300, refreshTtl: 3600, sessionLifetime: 7200, clock: { now: () => new Date(now) } };
const service = new TokenService(options);

/** A token signed with the service's key, with exactly the given claims (jsonwebtoken adds no `iat` of its own). */
const signed = (claims: Record<string, unknown>): string => jwt.sign({ iss: "iss", aud: "aud", sub: "orchestrator", ...claims }, secret, { algorithm: "HS256", noTimestamp: !("iat" in claims) });
const verifiedPayload = (token: string): Record<string, unknown> => jwt.verify(token, secret, { clockTimestamp: nowSeconds() }) as Record<string, unknown>;

test("tokens carry typed claims and times from the host clock", (t) => {
  const access = jwt.decode(service.accessToken("orchestrator")) as Record<string, unknown>;
  t.like(access, { sub: "orchestrator", name: "orchestrator", token_use: "access", iss: "iss", aud: "aud", iat: nowSeconds(), exp: nowSeconds() + 300 });
  t.regex(String(access["jti"]), /^[0-9a-f-]{36}$/);
  const refresh = service.refreshToken("orchestrator");
  t.like(jwt.decode(refresh.token) as Record<string, unknown>, { token_use: "refresh", fam: refresh.family, auth_time: nowSeconds(), exp: nowSeconds() + 3600 });
  t.is(refresh.expiresAt, nowSeconds() + 3600);
});

test("a refresh token verifies; an access token, a tampered or an expired one does not", (t) => {
  const refresh = service.refreshToken("orchestrator", { family: "family-1", authTime: nowSeconds() });
  t.deepEqual(service.verifyRefresh(refresh.token), { subject: "orchestrator", family: "family-1", authTime: nowSeconds() });
  const invalid = (token: unknown) => t.throws(() => service.verifyRefresh(token), { code: "FDO_ERR_AUTH_REFRESH_INVALID" });
  invalid(service.accessToken("orchestrator"));
  invalid(`${refresh.token}x`);
  invalid(42);
  now += 3601_000;
  invalid(refresh.token);
  now -= 3601_000;
});

test("a refresh token never outlives its session, and a session past its lifetime is ended", (t) => {
  const login = nowSeconds() - 7000;
  const late = service.refreshToken("orchestrator", { family: "f", authTime: login });
  t.is(late.expiresAt, login + 7200);
  t.is((jwt.decode(late.token) as Record<string, unknown>)["exp"], login + 7200);
  const shortened = new TokenService({ ...options, sessionLifetime: 3600 });
  t.throws(() => shortened.verifyRefresh(late.token), { code: "FDO_ERR_AUTH_SESSION_ENDED" });
});

test("the stored hash is a keyed HMAC, stable per token and never the token; password-state tags are keyed too", (t) => {
  const refresh = service.refreshToken("orchestrator");
  t.is(service.hash(refresh.token), refresh.hash);
  t.regex(refresh.hash, /^[0-9a-f]{64}$/);
  const other = new TokenService({ ...options, secret: `${secret}-other` });
  t.not(other.hash(refresh.token), refresh.hash);
  t.not(service.passwordStateTag("state"), other.passwordStateTag("state"));
  t.not(service.passwordStateTag("state"), service.passwordStateTag("other state"));
});

// Tokens signed with the key but not minted here: each lacks one thing the service always puts in.
const FORGED: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["no exp", { iat: nowSeconds(), jti: randomUUID() }],
  ["no iat", { exp: nowSeconds() + 60, jti: randomUUID() }],
  ["no jti", { iat: nowSeconds(), exp: nowSeconds() + 60 }],
  ["an empty jti", { iat: nowSeconds(), exp: nowSeconds() + 60, jti: "" }],
  ["an iat in the future beyond the tolerance", { iat: nowSeconds() + CLOCK_TOLERANCE_SECONDS + 1, exp: nowSeconds() + 300, jti: randomUUID() }],
  ["a lifetime longer than the service gives", { iat: nowSeconds(), exp: nowSeconds() + 86400, jti: randomUUID() }],
];

for (const [label, claims] of FORGED) {
  test(`an access token with ${label} is not accepted; a refresh token with it is invalid`, (t) => {
    t.false(service.acceptsAccessClaims(verifiedPayload(signed({ token_use: "access", ...claims }))));
    t.throws(() => service.verifyRefresh(signed({ token_use: "refresh", fam: "f", auth_time: nowSeconds() - 10, ...claims })), { code: "FDO_ERR_AUTH_REFRESH_INVALID" });
  });
}

test("an iat a little ahead (another instance's clock) is accepted, as is the service's own token", (t) => {
  t.true(
    service.acceptsAccessClaims(verifiedPayload(signed({ token_use: "access", iat: nowSeconds() + CLOCK_TOLERANCE_SECONDS, exp: nowSeconds() + CLOCK_TOLERANCE_SECONDS + 300, jti: randomUUID() }))),
  );
  t.true(service.acceptsAccessClaims(verifiedPayload(service.accessToken("orchestrator"))));
  t.false(service.acceptsAccessClaims(verifiedPayload(service.refreshToken("orchestrator").token)), "a refresh token is not an access token");
});

test("a refresh token without auth_time, or claiming a login after its issue, is invalid", (t) => {
  const base = { token_use: "refresh", fam: "f", iat: nowSeconds(), exp: nowSeconds() + 60, jti: randomUUID() };
  t.throws(() => service.verifyRefresh(signed(base)), { code: "FDO_ERR_AUTH_REFRESH_INVALID" });
  t.throws(() => service.verifyRefresh(signed({ ...base, auth_time: nowSeconds() + 5 })), { code: "FDO_ERR_AUTH_REFRESH_INVALID" });
  t.notThrows(() => service.verifyRefresh(signed({ ...base, auth_time: nowSeconds() })));
});
