import koaJwt from "koa-jwt";
import type { Middleware } from "koa";
import { AuthHeaderMalformedError, AuthTokenExpiredError, AuthTokenInvalidError, AuthTokenMissingError } from "@fdo/sdk";
import { TOKEN_USE_CLAIM, type TokenService } from "./token-service.js";

interface KoaJwtError {
  readonly message?: string;
  readonly originalError?: { readonly name?: string };
}

// koa-jwt reports everything as a 401 with a message (debug mode keeps its own wording); upstream answered a
// malformed header with 400, so the distinctions are recovered here.
function classify(error: KoaJwtError): Error {
  if (error.message === "Token not found") return new AuthTokenMissingError();
  if (error.message?.startsWith("Bad Authorization header format") === true) return new AuthHeaderMalformedError();
  if (error.originalError?.name === "TokenExpiredError") return new AuthTokenExpiredError();
  return new AuthTokenInvalidError();
}

/**
 * Requires a valid access token (`Authorization: Bearer ...`): HS256 only, issuer and audience checked, validity
 * judged by the host clock, refresh tokens refused. Runs before anything touches LDAP. Claims land in
 * `ctx.state.user`.
 */
export function bearerGuard(tokens: TokenService): Middleware {
  // Object.assign (not a spread) keeps the clockTimestamp getter alive: koa-jwt passes this very object to
  // jsonwebtoken on every request.
  const verify = koaJwt(
    Object.assign(tokens.accessVerifyOptions(), {
      debug: true,
      isRevoked: async (_ctx: unknown, payload: object) => (payload as Record<string, unknown>)[TOKEN_USE_CLAIM] !== "access",
    }),
  );
  return async (ctx, next) => {
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
