import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";

// A caller-supplied id is kept only when it cannot inject anything into logs or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id (the caller's `X-Request-Id` when safe), echoed in the response. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const supplied = ctx.get("X-Request-Id");
    const id = SAFE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
    ctx.state["requestId"] = id;
    ctx.set("X-Request-Id", id);
    await next();
  };
}
