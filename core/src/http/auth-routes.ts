import type Router from "@koa/router";
import type { Context } from "koa";
import type { Authenticator, TokenPair } from "../auth/authenticator.js";
import { AuthCredentialsMissingError, AuthRefreshMissingError } from "../errors/registry.js";

function field(ctx: Context, name: string): unknown {
  const body: unknown = ctx.state["body"];
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

// Upstream answered token pairs as compact JSON plus a newline; some clients compare bodies byte for byte.
function sendPair(ctx: Context, pair: TokenPair): void {
  ctx.type = "application/json; charset=utf-8";
  ctx.body = `${JSON.stringify(pair)}\n`;
}

function refreshTokenOf(ctx: Context): unknown {
  const token = field(ctx, "token");
  if (token === undefined || token === null) throw new AuthRefreshMissingError();
  return token;
}

/** `POST /api/login`, `/api/refresh`, `/api/logout`, wire-compatible with the PHP orchestrator. */
export function registerAuthRoutes(router: Router, auth: Authenticator): void {
  router.post("/api/login", async (ctx) => {
    const username = field(ctx, "username");
    const password = field(ctx, "password");
    if (username === undefined || password === undefined) throw new AuthCredentialsMissingError();
    sendPair(ctx, await auth.login(typeof username === "string" ? username : "", typeof password === "string" ? password : "", ctx.ip));
  });
  router.post("/api/refresh", async (ctx) => {
    sendPair(ctx, await auth.refresh(refreshTokenOf(ctx)));
  });
  router.post("/api/logout", async (ctx) => {
    const revoked = await auth.logout(refreshTokenOf(ctx));
    ctx.status = 200;
    ctx.body = revoked ? "" : { message: "Error logging out, either wrong refresh token passed or already logged out!" };
    ctx.type = "application/json; charset=utf-8"; // upstream's type, even for the empty body
  });
}
