import type { Middleware } from "koa";
import getRawBody from "raw-body";
import { HttpBadJsonError } from "../errors/registry.js";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// JSON first, whatever the type says; a genuine form post (username=...&password=...) is read as a form.
function decode(text: string, formEncoded: boolean): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (formEncoded) return Object.fromEntries(new URLSearchParams(text));
    throw new HttpBadJsonError();
  }
}

/**
 * Decodes a JSON request body into `ctx.state.body` whatever the Content-Type says: upstream's official client
 * posts JSON as form fields, so the type cannot be trusted to say JSON (a body that is not JSON but is declared as
 * a form is decoded as one). Empty body → `undefined`. Bodies over
 * `limit` bytes are refused (413) before they are read in full.
 */
export function bodyReader(limit: number): Middleware {
  return async (ctx, next) => {
    if (METHODS_WITH_BODY.has(ctx.method)) {
      const text = await getRawBody(ctx.req, { limit, length: ctx.get("Content-Length") || undefined, encoding: "utf8" });
      if (text.trim() !== "") {
        ctx.state["body"] = decode(text, typeof ctx.is("application/x-www-form-urlencoded") === "string");
      }
    }
    await next();
  };
}
