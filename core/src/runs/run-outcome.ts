import { LdapUnavailableError, type SubtaskOutcome, type TaskRunReport } from "@fdo/sdk";
import type { RunOutcome, RunSubtaskResult } from "./run-record.js";

/** The outcome and error code a finished report comes to. */
export function reportOutcome(report: TaskRunReport): { readonly outcome: RunOutcome; readonly errorCode?: string } {
  const { summary } = report;
  if (report.aborted !== undefined) return { outcome: "failed", errorCode: LdapUnavailableError.code };
  if (report.blocked !== undefined || summary.processed === 0) return { outcome: "nothing" };
  if (summary.failed === 0) return { outcome: "ok" };
  return { outcome: summary.failed < summary.processed ? "partial" : "failed" };
}

/** How the history shows one subtask's outcome (the task type's `detail` stays with its presenter). */
export function subtaskResult(subtask: string, outcome: SubtaskOutcome): RunSubtaskResult {
  if (outcome.kind === "done") return { subtask, outcome: "done" };
  if (outcome.kind === "failed") return { subtask, outcome: "failed", text: outcome.error };
  return { subtask, outcome: outcome.kind, text: outcome.reason };
}
