import { defineTaskType, type PresentContext, type RunSummary, type SubtaskOutcome, type TaskPresenter, type TaskRunReport } from "@fdo/sdk";
import test from "ava";
import { runBody } from "./run-body.js";

const summary = (eligible: number): RunSummary => ({ eligible, processed: eligible, succeeded: eligible, skipped: 0, failed: 0, unknown: 0, durationMs: 3 });
/** The summary as it goes over the wire: the warnings counter is always there. */
const shown = (eligible: number) => {
  const { durationMs, ...counts } = summary(eligible);
  return { ...counts, warnings: 0, durationMs };
};
const context = (dryRun = false): PresentContext => ({ segment: "probe", dryRun });

function taskType<D>(present?: TaskPresenter<D, unknown>) {
  return defineTaskType({ segment: "probe", deps: {}, run: async () => ({ summary: summary(0), results: new Map() }), ...(present === undefined ? {} : { present }) });
}

function report<D>(entries: Array<[string, SubtaskOutcome<D>]>, extra: Partial<TaskRunReport<D>> = {}): TaskRunReport<D> {
  return { summary: summary(entries.length), results: new Map(entries), ...extra };
}

test("each subtask in settling order: the task type's JSON for an outcome with a detail, the default shape otherwise", (t) => {
  const present: TaskPresenter<{ sent: number }, unknown> = { subtask: ({ detail }, { key }) => ({ key, sent: detail.sent }) };
  const body = runBody(
    taskType(present),
    report<{ sent: number }>([
      ["cn=b", { kind: "done", detail: { sent: 2 } }],
      ["cn=a", { kind: "done" }],
      ["cn=c", { kind: "nothing", reason: "no match" }],
      ["cn=d", { kind: "failed", error: "boom" }],
      ["cn=e", { kind: "skipped", reason: "mail cap reached" }],
    ]),
    context(),
  );
  t.deepEqual(
    JSON.stringify(body),
    JSON.stringify({
      "cn=b": { key: "cn=b", sent: 2 },
      "cn=a": { statusUpdate: true },
      "cn=c": { statusUpdate: true, nothingToDo: "no match" },
      "cn=d": { statusUpdate: true, Error: ["boom"] },
      "cn=e": { skipped: "mail cap reached" },
      summary: shown(5),
    }),
  );
});

test("a dry run's entries say so, unless the task type's JSON already does", (t) => {
  const present: TaskPresenter<boolean, unknown> = { subtask: ({ detail }) => (detail ? { dryRun: true, plan: "x" } : { plan: "y" }) };
  const body = runBody(
    taskType(present),
    report<boolean>([
      ["cn=a", { kind: "done", detail: true }],
      ["cn=b", { kind: "done", detail: false }],
      ["cn=c", { kind: "failed", error: "e" }],
    ]),
    context(true),
  );
  t.deepEqual(body, {
    "cn=a": { dryRun: true, plan: "x" },
    "cn=b": { dryRun: true, outcome: "done", plan: "y" },
    "cn=c": { dryRun: true, outcome: "failed", statusUpdate: false, Error: ["e"] },
    summary: shown(3),
  });
});

test("nothing due is a message; a blocked run is upstream's antiSpam alone", (t) => {
  t.deepEqual(runBody(taskType(), report([]), context()), { message: "Nothing to process for probe: no subtask is due.", summary: shown(0) });
  t.deepEqual(runBody(taskType(), report([], { blocked: { kind: "antiSpam", message: "Anti-spam protection active" } }), context()), { antiSpam: "Anti-spam protection active" });
});

test("a run presenter replaces the map; the summary is added to its object, or appended to its array", (t) => {
  const facts = report<never>([], { detail: { now: "2026-11-28" }, summary: summary(1) });
  t.deepEqual(runBody(taskType<never>({ run: (r, c) => ({ dryRun: c.dryRun, ...(r.detail as object) }) }), facts, context()), { dryRun: false, now: "2026-11-28", summary: shown(1) });
  t.deepEqual(runBody(taskType<never>({ run: () => ["x"] }), facts, context()), ["x", { summary: shown(1) }]);
});

test("every wire summary counts unknown deliveries, also when the task type's own summary has no such count", (t) => {
  const { unknown: _absent, ...own } = summary(1);
  const body = runBody(taskType(), { summary: own, results: new Map([["cn=a", { kind: "done" }]]) }, context()) as { summary: RunSummary };
  t.deepEqual(body.summary, shown(1));
  t.deepEqual(Object.keys(body.summary), ["eligible", "processed", "succeeded", "skipped", "failed", "unknown", "warnings", "durationMs"]);
});
