import type { Middleware } from "koa";
import koaJwt from "koa-jwt";
import { AuthHeaderMalformedError, AuthTokenExpiredError, AuthTokenInvalidError, AuthTokenMissingError } from "../errors/registry.js";
import type { TokenService } from "./token-service.js";

interface KoaJwtError {
  readonly message?: string;
  readonly originalError?: { readonly name?: string };
}

// Upstream accepted `Bearer` followed by any run of whitespace (its regex was `^Bearer\s+(.*)$`).
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of the Authorization header; throws the upstream-compatible error when it is absent or malformed. */
function bearerToken(header: string | undefined): string {
  if (header === undefined || header === "") throw new AuthTokenMissingError();
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) throw new AuthHeaderMalformedError();
  return match[1];
}

// koa-jwt reports every verification failure as a 401 whose original error tells what went wrong.
function classify(error: KoaJwtError): Error {
  return error.originalError?.name === "TokenExpiredError" ? new AuthTokenExpiredError() : new AuthTokenInvalidError();
}

/**
 * Requires a valid access token (`Authorization: Bearer ...`): HS256 only, issuer and audience checked, validity
 * judged by the host clock, `exp`, `iat` and `jti` required, refresh tokens refused. Runs before anything touches LDAP. Claims land in
 * `ctx.state.user`.
 */
export function bearerGuard(tokens: TokenService): Middleware {
  // Object.assign (not a spread) keeps the clockTimestamp getter alive: koa-jwt passes this very object to
  // jsonwebtoken on every request.
  // koa-jwt's types know string and Buffer secrets only; it hands the secret to jsonwebtoken unchanged, which takes a
  // KeyObject (and then skips building a key from the string on every request).
  const options = tokens.accessVerifyOptions() as ReturnType<TokenService["accessVerifyOptions"]> & { secret: never };
  const verify = koaJwt(
    Object.assign(options, {
      debug: true,
      getToken: (ctx: { get(name: string): string }) => bearerToken(ctx.get("Authorization")),
      // Called with the signature-verified payload: refuses refresh tokens and tokens whose times are not ours.
      isRevoked: async (_ctx: unknown, payload: object) => !tokens.acceptsAccessClaims(payload as Record<string, unknown>),
    }),
  );
  return async (ctx, next) => {
    bearerToken(ctx.get("Authorization"));
    let verified = false;
    try {
      await verify(ctx, async () => {
        verified = true;
      });
    } catch (error) {
      throw classify(error as KoaJwtError);
    }
    if (verified) await next();
  };
}
