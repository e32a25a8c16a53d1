import type { Context } from "koa";

/**
 * Sends `value` as PHP's `json_encode(..., JSON_PRETTY_PRINT)` wrote it for task runs: 4-space indentation, `/`
 * escaped as `\/` and non-ASCII as `\uXXXX`. Same JSON to a parser; byte-identical for scripts that compared or
 * grepped upstream's output. Both escapes can only occur inside strings, so rewriting the text is safe.
 */
export function sendPhpPrettyJson(ctx: Context, value: unknown): void {
  const text = JSON.stringify(value, null, 4)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  ctx.type = "application/json; charset=utf-8";
  ctx.body = text;
}
