import test from "ava";
import type { Context } from "koa";
import { checkInput, checkTaskRunInput } from "./strict-input.js";

const ctx = (query: Record<string, string | string[]>, body?: unknown): Context => ({ query, state: { body } }) as unknown as Context;

test("every query problem of a request is reported at once, each with its parameter", (t) => {
  const error = t.throws(() => checkInput(ctx({ dryrun: "1", dryRun: ["1", "1"], limit: "x" }), { query: { dryRun: ["1"], limit: ["5"] } })) as { details?: unknown; message: string };
  t.deepEqual(error.details, {
    problems: [
      { parameter: "dryrun", problem: "unknown" },
      { parameter: "dryRun", problem: "repeated" },
      { parameter: "limit", problem: "value not accepted" },
    ],
    accepted: ["dryRun", "limit"],
  });
  t.regex(error.message, /"dryrun" \(did you mean dryRun\?\)/);
});

test("client text in messages is quoted and cut short", (t) => {
  const error = t.throws(() => checkInput(ctx({ [`a\n${"x".repeat(500)}`]: "1" }), {})) as { message: string };
  t.true(error.message.includes('"a\\nxxx'));
  t.true(error.message.length < 200, error.message);
});

test("an empty body in any of its forms passes; anything but an object with declared keys does not", (t) => {
  for (const body of [undefined, null, {}, []]) t.notThrows(() => checkTaskRunInput(ctx({}, body), {}), JSON.stringify(body));
  t.notThrows(() => checkTaskRunInput(ctx({}, { type: "syslog" }), { bodyKeys: ["type"] }));
  t.throws(() => checkTaskRunInput(ctx({}, { type: "syslog" }), {}), { code: "FDO_ERR_HTTP_BODY_KEY_UNKNOWN" });
  for (const body of ["syslog", 1, true, ["type"]]) t.throws(() => checkTaskRunInput(ctx({}, body), { bodyKeys: ["type"] }), { code: "FDO_ERR_HTTP_BAD_REQUEST" }, JSON.stringify(body));
});

test("dryRun takes exactly true, false, 1 or 0", (t) => {
  for (const value of ["true", "false", "1", "0"]) t.notThrows(() => checkTaskRunInput(ctx({ dryRun: value }), {}), value);
  for (const value of ["TRUE", "True", "yes", "on", "", " true", "2"]) t.throws(() => checkTaskRunInput(ctx({ dryRun: value }), {}), { code: "FDO_ERR_HTTP_QUERY_INVALID" }, value);
});
