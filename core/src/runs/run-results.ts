import type { SubtaskOutcome } from "@fdo/sdk";
import { subtaskResult } from "./run-outcome.js";
import type { RunSubtaskResult } from "./run-record.js";

/**
 * Per-subtask results kept per run: enough to see what a run did, bounded so that a run over a huge backlog costs
 * no more memory than a small one (the detail response says how many there were).
 */
export const RUN_RESULTS_LIMIT = 200;

/**
 * What the run history and the metrics keep of a run's results as they stream past: the first
 * {@link RUN_RESULTS_LIMIT} of them, the total and a count per outcome; nothing else per subtask.
 */
export class RunResults {
  readonly kept: RunSubtaskResult[] = [];
  readonly byKind = new Map<SubtaskOutcome["kind"], number>();
  total = 0;

  add(key: string, outcome: SubtaskOutcome): void {
    this.total += 1;
    this.byKind.set(outcome.kind, (this.byKind.get(outcome.kind) ?? 0) + 1);
    if (this.kept.length < RUN_RESULTS_LIMIT) this.kept.push(subtaskResult(key, outcome));
  }
}
