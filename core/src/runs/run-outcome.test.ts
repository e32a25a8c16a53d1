import type { TaskRunReport } from "@fdo/sdk";
import test from "ava";
import { reportOutcome, subtaskResult } from "./run-outcome.js";

const report = (processed: number, failed: number, extra: Partial<TaskRunReport> = {}): TaskRunReport => ({
  summary: { eligible: processed, processed, succeeded: processed - failed, skipped: 0, failed, durationMs: 1 },
  results: new Map(),
  ...extra,
});

test("a run's outcome: ok, partial, failed, nothing; an aborted run failed with the directory's code", (t) => {
  t.deepEqual(reportOutcome(report(3, 0)), { outcome: "ok" });
  t.deepEqual(reportOutcome(report(3, 1)), { outcome: "partial" });
  t.deepEqual(reportOutcome(report(3, 3)), { outcome: "failed" });
  t.deepEqual(reportOutcome(report(0, 0)), { outcome: "nothing" });
  t.deepEqual(reportOutcome(report(0, 0, { blocked: { kind: "antiSpam", message: "wait" } })), { outcome: "nothing" });
  t.deepEqual(reportOutcome(report(2, 0, { aborted: { kind: "directoryUnavailable", message: "gone" } })), { outcome: "failed", errorCode: "FDO_ERR_LDAP_UNAVAILABLE" });
});

test("per-subtask results keep the reason or the error text, never the task type's detail", (t) => {
  t.deepEqual(subtaskResult("a", { kind: "done", detail: { secret: 1 } }), { subtask: "a", outcome: "done" });
  t.deepEqual(subtaskResult("b", { kind: "failed", error: "boom" }), { subtask: "b", outcome: "failed", text: "boom" });
  t.deepEqual(subtaskResult("c", { kind: "skipped", reason: "cap" }), { subtask: "c", outcome: "skipped", text: "cap" });
});
