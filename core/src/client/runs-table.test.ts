import test from "ava";
import { reportAnswer, requestOf } from "./call-report.js";
import { parseClientArgs } from "./parse-args.js";
import { runsOf, runsTable } from "./runs-table.js";

const RUN = {
  id: "r1",
  startedAt: "2026-11-28T10:00:00.000Z",
  segment: "mail",
  trigger: "schedule",
  outcome: "partial",
  durationMs: 1500,
  instance: "host-a.1",
  summary: { processed: 3, succeeded: 2, failed: 1 },
  errorCode: undefined,
};

test("--runs [SEGMENT] asks for the history, of one task type when given", (t) => {
  const [all, mail] = parseClientArgs(["--runs", "--runs", "mail"]).actions;
  t.deepEqual(requestOf(all as never, false), { method: "GET", path: "/api/runs?limit=100" });
  t.deepEqual(requestOf(mail as never, false), { method: "GET", path: "/api/runs?limit=100&segment=mail" });
  t.throws(() => parseClientArgs(["--runs=../x"]), { message: /not a task type name/ });
});

test("the history prints as an aligned table, newest first as the server sends it", (t) => {
  const table = runsTable(runsOf({ runs: [RUN, { ...RUN, id: "r2", segment: "lifecycle", outcome: "ok", summary: { processed: 10, succeeded: 10, failed: 0 } }] }));
  const [header, first, second] = table.split("\n");
  t.regex(header ?? "", /^STARTED\s+SEGMENT\s+TRIGGER\s+OUTCOME\s+PROCESSED\s+OK\s+FAILED\s+DURATION\s+INSTANCE/);
  t.regex(first ?? "", /mail\s+schedule\s+partial\s+3\s+2\s+1\s+1\.5s\s+host-a\.1$/);
  t.is(first?.indexOf("schedule"), second?.indexOf("schedule"), "columns align");
  t.is(runsTable(runsOf({ runs: [] })), "No runs recorded.");
  t.deepEqual(runsOf({ runs: [{ bogus: true }, "x"] }), []);
});

test("a --runs answer is reported as the table, the body kept for --json", (t) => {
  const action = parseClientArgs(["--runs"]).actions[0] as never;
  const report = reportAnswer(action, requestOf(action, false), { status: 200, body: { runs: [RUN] }, text: "", durationMs: 5 } as never, false);
  t.is(report.outcome, "ok");
  t.regex(report.text, /^STARTED/);
  t.deepEqual(report.body, { runs: [RUN] });
});
