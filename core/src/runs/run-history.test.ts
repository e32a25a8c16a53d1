import test from "ava";
import { RunHistory } from "./run-history.js";
import type { RunDetail } from "./run-record.js";

const run = (id: string, segment = "mail"): RunDetail => ({
  id,
  segment,
  trigger: "api",
  instance: "i",
  requestId: "r",
  dryRun: false,
  startedAt: "2026-11-28T10:00:00.000Z",
  durationMs: 1,
  summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0 },
  outcome: "nothing",
  results: [{ subtask: "cn=a", outcome: "done" }],
  resultsTotal: 1,
  resultsLimit: 200,
});

test("keeps the newest runs up to its capacity, newest first, and forgets the pushed-out ones", (t) => {
  const history = new RunHistory(2);
  for (const id of ["a", "b", "c"]) history.add(run(id));
  t.deepEqual(
    history.list({ limit: 10, offset: 0 }).runs.map((entry) => entry.id),
    ["c", "b"],
  );
  t.is(history.get("a"), undefined);
  t.is(history.get("c")?.results.length, 1);
});

test("filters by segment case-insensitively, pages, and leaves the per-subtask results out of listings", (t) => {
  const history = new RunHistory(10);
  history.add(run("a", "lifeCycle"));
  history.add(run("b", "mail"));
  history.add(run("c", "lifeCycle"));
  const page = history.list({ segment: "lifecycle", limit: 1, offset: 1 });
  t.is(page.total, 2);
  t.deepEqual(
    page.runs.map((entry) => entry.id),
    ["a"],
  );
  t.false("results" in (page.runs[0] as object));
  t.throws(() => new RunHistory(0), { instanceOf: RangeError });
});
