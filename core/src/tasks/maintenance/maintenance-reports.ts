// The maintenance passes' answers as run reports, so every maintenance run (scheduled or called through the API) is
// recorded in the run history, the metrics and the run.finished line like any task type's run.
import type { SubtaskOutcome, TaskRunReport } from "@fdo/sdk";
import type { Activation } from "./activate-cyclic-tasks.js";
import type { Removal } from "./remove-subtasks.js";
import type { RestartResult } from "./restart-failed-tasks.js";

/** A report with one result per entry the pass answered for. */
function reportOf(results: Map<string, SubtaskOutcome>, durationMs: number): TaskRunReport {
  const outcomes = [...results.values()];
  const count = (kind: SubtaskOutcome["kind"]): number => outcomes.filter((outcome) => outcome.kind === kind).length;
  const skipped = count("nothing") + count("skipped");
  return { summary: { eligible: results.size, processed: results.size, succeeded: count("done"), skipped, failed: count("failed"), durationMs }, results };
}

const removalOutcome = (removal: Removal): SubtaskOutcome => (removal.removed ? { kind: "done" } : { kind: "failed", error: removal.error });

function activationOutcome(activation: Activation): SubtaskOutcome {
  switch (activation.kind) {
    case "activated":
      return { kind: "done" };
    case "invalid":
      return { kind: "failed", error: activation.error };
    case "refused":
      return { kind: "failed", error: "FusionDirectory refused the activation" };
    case "unreachable":
      return { kind: "failed", error: "FusionDirectory is unreachable" };
    default:
      return { kind: "nothing", reason: activation.kind };
  }
}

/** `removeSubTasks`: one result per subtask it deleted (or failed to). */
export function removalsReport(removals: ReadonlyMap<string, Removal>, durationMs: number): TaskRunReport {
  return reportOf(new Map([...removals].map(([dn, removal]) => [dn, removalOutcome(removal)])), durationMs);
}

/** `activateCyclicTasks`: one result per repeatable main task. */
export function activationsReport(activations: ReadonlyMap<string, Activation>, durationMs: number): TaskRunReport {
  return reportOf(new Map([...activations].map(([dn, activation]) => [dn, activationOutcome(activation)])), durationMs);
}

/** `restartFailedTasks`: one result per subtask put back to `1` (or that could not be). */
export function restartReport(result: RestartResult, durationMs: number): TaskRunReport {
  const results = new Map<string, SubtaskOutcome>();
  if (result.kind === "restarted") {
    for (const dn of result.updated) results.set(dn, { kind: "done" });
    for (const { dn, error } of result.errors) results.set(dn, { kind: "failed", error });
  }
  return reportOf(results, durationMs);
}
