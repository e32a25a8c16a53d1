import test from "ava";
import type { CallReport } from "./call-report.js";
import { REDACTED, Redactor, redactingSink, type Sink } from "./redactor.js";
import { HumanReporter, JsonReporter, LogFileReporter, logTimestamp } from "./reporters.js";

function buffer(isTTY?: boolean): Sink & { text: () => string; written: (part: string) => Promise<void> } {
  const chunks: string[] = [];
  const waiters: Array<() => void> = [];
  const text = () => chunks.join("");
  return {
    write: (chunk) => {
      chunks.push(chunk);
      for (const wake of waiters.splice(0)) wake();
    },
    text,
    /** Resolves once the text written so far contains `part`. */
    written: async (part) => {
      while (!text().includes(part)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    ...(isTTY === undefined ? {} : { isTTY }),
  };
}

const action = { option: "--emails", kind: "run", segment: "mail" } as const;
const request = { method: "PATCH", path: "/api/tasks/mail" } as const;
const summary = { eligible: 2, processed: 2, succeeded: 2, skipped: 0, failed: 0, durationMs: 4 };
const ok: CallReport = { option: "--emails", method: "PATCH", path: "/api/tasks/mail", dryRun: false, status: 200, outcome: "ok", durationMs: 9, text: "mail: 2 sent", summary, body: { summary } };
const failed: CallReport = {
  option: "--run",
  method: "PATCH",
  path: "/api/tasks/x",
  dryRun: false,
  status: 404,
  outcome: "server",
  durationMs: 3,
  text: "failed with HTTP 404",
  error: { message: "nope" },
};

test("human: summaries on stdout, failures on stderr, bodies with --verbose", (t) => {
  const out = buffer();
  const err = buffer();
  const reporter = new HumanReporter(out, err, { verbose: false, progress: true });
  reporter.begin(action, request);
  reporter.result({ ...ok, renewedBy: "refresh" });
  reporter.result(failed);
  reporter.result({ ...ok, outcome: "partial" });
  t.is(out.text(), "mail: 2 sent (access token renewed by refresh)\nmail: 2 sent\n");
  t.is(err.text(), "fusiondirectory-orchestrator-client: --run: failed with HTTP 404\nfusiondirectory-orchestrator-client: --emails: the server reported failures\n");
  const verboseOut = buffer();
  new HumanReporter(verboseOut, buffer(), { verbose: true, progress: true }).result(ok);
  t.is(verboseOut.text(), `mail: 2 sent\n${JSON.stringify({ summary }, null, 2)}\n`);
});

test("human: a progress line only on a terminal, erased before the summary", async (t) => {
  const tty = buffer(true);
  let now = 0;
  const reporter = new HumanReporter(tty, buffer(), { verbose: false, progress: true, now: () => now, intervalMs: 5 });
  reporter.begin(action, request);
  now = 2000;
  // The reporter's timer is unref'd (it must never keep the client alive): hold the loop open while awaiting its tick.
  const keepAlive = setInterval(() => undefined, 1000);
  await tty.written("... 2.0 s"); // the progress timer's next tick, however late it comes
  clearInterval(keepAlive);
  reporter.result(ok);
  t.regex(tty.text(), /^\r\x1b\[2K--emails: PATCH \/api\/tasks\/mail \.\.\. 0 ms/);
  t.true(tty.text().includes("--emails: PATCH /api/tasks/mail ... 2.0 s"));
  t.true(tty.text().endsWith("\r\x1b[2Kmail: 2 sent\n"));
  const pipe = buffer(false);
  const quiet = new HumanReporter(pipe, buffer(), { verbose: false, progress: true });
  quiet.begin(action, request);
  quiet.result(ok);
  t.is(pipe.text(), "mail: 2 sent\n");
});

test("json: one document per call", (t) => {
  const out = buffer();
  const reporter = new JsonReporter(out);
  reporter.result(ok);
  reporter.result(failed);
  const lines = out
    .text()
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.is(lines.length, 2);
  t.like(lines[0], { option: "--emails", method: "PATCH", path: "/api/tasks/mail", status: 200, ok: true, outcome: "ok", summary, body: { summary } });
  t.like(lines[1], { status: 404, ok: false, outcome: "server", error: { message: "nope" } });
});

test("log file: timestamped lines with call, status, summary; auth calls by status only", (t) => {
  const file = buffer();
  const date = new Date(2026, 10, 28, 9, 5, 7);
  const reporter = new LogFileReporter(file, { verbose: false, now: () => date });
  reporter.auth({ method: "POST", path: "/api/login", status: 200, durationMs: 5 });
  reporter.result(ok);
  reporter.result({ ...failed, status: null, text: "cannot connect" });
  t.is(
    file.text(),
    "2026-11-28 09:05:07 POST /api/login 200\n" +
      "2026-11-28 09:05:07 --emails PATCH /api/tasks/mail 200 ok: mail: 2 sent\n" +
      "2026-11-28 09:05:07 --run PATCH /api/tasks/x - server: cannot connect\n",
  );
  t.is(logTimestamp(date), "2026-11-28 09:05:07");
});

test("the redactor removes the password, every token and anything shaped like a JWT", (t) => {
  const redactor = new Redactor();
  redactor.add('pa"ss\\word');
  redactor.add("opaque-refresh-token");
  redactor.add("abc");
  const sink = buffer();
  const redacting = redactingSink(sink, redactor);
  redacting.write(`password pa"ss\\word, json ${JSON.stringify({ p: 'pa"ss\\word' })}, opaque-refresh-token, eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl, abc\n`);
  t.is(sink.text(), `password ${REDACTED}, json {"p":"${REDACTED}"}, ${REDACTED}, ${REDACTED}, abc\n`);
});
