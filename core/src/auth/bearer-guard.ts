import koaJwt from "koa-jwt";
import type { Middleware } from "koa";
import { AuthTokenExpiredError, AuthTokenInvalidError, AuthTokenMissingError, isOrchestratorError } from "@fdo/sdk";

export interface BearerGuardOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
}

/** Claim that tells access tokens from refresh tokens, so neither can stand in for the other. */
export const TOKEN_USE_CLAIM = "token_use";

function classify(error: { originalError?: { name?: string }; message?: string }): Error {
  if (error.originalError?.name === "TokenExpiredError") return new AuthTokenExpiredError();
  // koa-jwt's own wording for "no Authorization header" (debug mode keeps it).
  if (error.message === "Token not found") return new AuthTokenMissingError();
  return new AuthTokenInvalidError();
}

/**
 * Requires a valid HS256 access token (`Authorization: Bearer ...`): algorithm pinned, issuer and audience
 * checked, refresh tokens refused. The decoded claims land in `ctx.state.user`.
 */
export function bearerGuard(options: BearerGuardOptions): Middleware {
  const verify = koaJwt({
    secret: options.secret,
    algorithms: ["HS256"],
    issuer: options.issuer,
    audience: options.audience,
    debug: true,
    isRevoked: async (_ctx, payload) => (payload as Record<string, unknown>)[TOKEN_USE_CLAIM] !== "access",
  });
  return async (ctx, next) => {
    let passed = false;
    try {
      await verify(ctx, async () => {
        passed = true;
        await next();
      });
    } catch (error) {
      if (passed || isOrchestratorError(error)) throw error;
      throw classify(error as { originalError?: { name?: string }; message?: string });
    }
  };
}
