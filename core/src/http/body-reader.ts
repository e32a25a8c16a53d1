import getRawBody from "raw-body";
import type { Middleware } from "koa";
import { HttpBadJsonError } from "@fdo/sdk";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Decodes a JSON request body into `ctx.state.body` whatever the Content-Type says: upstream's official client
 * posts JSON as form fields, so the type cannot be trusted to say JSON. Empty body → `undefined`. Bodies over
 * `limit` bytes are refused (413) before they are read in full.
 */
export function bodyReader(limit: number): Middleware {
  return async (ctx, next) => {
    if (METHODS_WITH_BODY.has(ctx.method)) {
      const text = await getRawBody(ctx.req, { limit, length: ctx.get("Content-Length") || undefined, encoding: "utf8" });
      if (text.trim() !== "") {
        try {
          ctx.state["body"] = JSON.parse(text) as unknown;
        } catch {
          throw new HttpBadJsonError();
        }
      }
    }
    await next();
  };
}
