import test from "ava";
import jwt from "jsonwebtoken";
import { TokenService } from "./token-service.js";

const secret = "a-test-secret-that-is-long-enough-for-hs256-000";
let now = Date.parse("2026-11-28T10:00:00Z");
const service = new TokenService({ secret, issuer: "iss", audience: "aud", accessTtl: 300, refreshTtl: 3600, clock: { now: () => new Date(now) } });

test("tokens carry typed claims and times from the host clock", (t) => {
  const access = jwt.decode(service.accessToken("orchestrator")) as Record<string, unknown>;
  t.like(access, { sub: "orchestrator", name: "orchestrator", token_use: "access", iss: "iss", aud: "aud", iat: now / 1000, exp: now / 1000 + 300 });
  t.regex(String(access["jti"]), /^[0-9a-f-]{36}$/);
  const refresh = service.refreshToken("orchestrator");
  t.like(jwt.decode(refresh.token) as Record<string, unknown>, { token_use: "refresh", fam: refresh.family, exp: now / 1000 + 3600 });
  t.is(refresh.expiresAt, now / 1000 + 3600);
});

test("a refresh token verifies; an access token, a tampered or an expired one does not", (t) => {
  const refresh = service.refreshToken("orchestrator", "family-1");
  t.deepEqual(service.verifyRefresh(refresh.token), { subject: "orchestrator", family: "family-1" });
  const invalid = (token: unknown) => t.is((t.throws(() => service.verifyRefresh(token)) as { code?: string }).code, "FDO_ERR_AUTH_REFRESH_INVALID");
  invalid(service.accessToken("orchestrator"));
  invalid(`${refresh.token}x`);
  invalid(42);
  now += 3601_000;
  invalid(refresh.token);
  now -= 3601_000;
});

test("the stored hash is a keyed HMAC, stable per token and never the token", (t) => {
  const refresh = service.refreshToken("orchestrator");
  t.is(service.hash(refresh.token), refresh.hash);
  t.regex(refresh.hash, /^[0-9a-f]{64}$/);
  const other = new TokenService({ secret: `${secret}-other`, issuer: "iss", audience: "aud", accessTtl: 300, refreshTtl: 3600, clock: { now: () => new Date(now) } });
  t.not(other.hash(refresh.token), refresh.hash);
});
