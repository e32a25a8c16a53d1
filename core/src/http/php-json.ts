import type { Context } from "koa";

const INDENT = "    ";

/** PHP escaped `/` as `\/` and non-ASCII as `\uXXXX`; both occur only inside strings, so rewriting the text is safe. */
function phpEscapes(json: string): string {
  return json.replace(/\//g, "\\/").replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * `value` as PHP's `json_encode(..., JSON_PRETTY_PRINT)` wrote it for task runs: 4-space indentation, `/` escaped as
 * `\/` and non-ASCII as `\uXXXX`. Same JSON to a parser; byte-identical for scripts that compared or grepped
 * upstream's output.
 */
export function phpPrettyJson(value: unknown): string {
  return phpEscapes(JSON.stringify(value, null, 4));
}

/**
 * One `"key": value` member of a top-level object as {@link phpPrettyJson} writes it (indented, no separator), so an
 * object can be written member by member: `{\n` + members joined by `,\n` + `\n}` is the same text.
 */
export function phpPrettyMember(key: string, value: unknown): string {
  // Raw newlines only separate lines: inside strings they are escaped.
  return `${INDENT}${phpEscapes(JSON.stringify(key))}: ${phpPrettyJson(value).replace(/\n/g, `\n${INDENT}`)}`;
}

/** Sends `value` as {@link phpPrettyJson} writes it. */
export function sendPhpPrettyJson(ctx: Context, value: unknown): void {
  ctx.type = "application/json; charset=utf-8";
  ctx.body = phpPrettyJson(value);
}
