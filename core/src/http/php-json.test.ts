import test from "ava";
import type { Context } from "koa";
import { sendPhpPrettyJson } from "./php-json.js";

test("task run bodies are written as PHP's JSON_PRETTY_PRINT did, and parse back to the same value", (t) => {
  const ctx = {} as Context;
  const value = { "cn=a,ou=tasks,dc=example,dc=org": { mailStatus: "mail : cn=a was sent to é/ü", ok: true }, list: [1, "x"] };
  sendPhpPrettyJson(ctx, value);
  t.is(ctx.type, "application/json; charset=utf-8");
  const text = ctx.body as string;
  t.true(text.includes('\n    "cn=a,ou=tasks,dc=example,dc=org": {\n        "mailStatus": "mail : cn=a was sent to \\u00e9\\/\\u00fc",'));
  t.deepEqual(JSON.parse(text), value);
});
