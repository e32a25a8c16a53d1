import type { ForEachDueOptions, Subtask, SubtaskContext, SubtaskGroupHandler, SubtaskHandler, SubtaskOutcome, TaskRun, TaskRunResult, TaskRunner } from "@fdo/sdk";
import { DEMO_NOW } from "../demo-now.js";

/**
 * What a {@link FakeRunner} recorded for one subtask.
 * @public
 */
export interface RecordedOutcome {
  readonly dn: string;
  readonly outcome: SubtaskOutcome;
}

/**
 * A {@link TaskRunner} for executor unit tests: hands the given subtasks to the handler in order, one at a time,
 * and records their outcomes; a handler that throws is recorded as `failed` with the error's message. Unlike the
 * host's runner it claims, filters and writes nothing (every given subtask counts as due), returns the reports (or
 * the outcomes) keyed by DN as the body and no summary, and records `markIrreversible()` calls in `irreversible`.
 * @public
 */
export class FakeRunner implements TaskRunner {
  /** Every outcome, in processing order. */
  readonly outcomes: RecordedOutcome[] = [];
  /** DNs of the subtasks whose handler called `markIrreversible()` outside a dry run. */
  irreversible: string[] = [];
  /** The `concurrency` option of the last call. */
  concurrency: number | undefined;

  /** `now` is what handlers get as `context.now` (default {@link DEMO_NOW}). */
  constructor(
    private readonly subtasks: readonly Subtask[],
    private readonly now: Date | string = DEMO_NOW,
  ) {}

  async forEachDue(run: TaskRun, handler: SubtaskHandler, options?: ForEachDueOptions): Promise<TaskRunResult> {
    this.concurrency = options?.concurrency;
    for (const subtask of this.subtasks) {
      let outcome: SubtaskOutcome;
      try {
        outcome = await handler(subtask, this.context(run, [subtask]));
      } catch (error) {
        outcome = { kind: "failed", error: (error as Error).message };
      }
      this.outcomes.push({ dn: subtask.dn, outcome });
    }
    return this.result();
  }

  /** Groups in first-seen order, one handler call each; a subtask the handler gives no outcome for is recorded `failed`. */
  async forEachDueGroup(run: TaskRun, groupOf: (subtask: Subtask) => string, handler: SubtaskGroupHandler, options?: ForEachDueOptions): Promise<TaskRunResult> {
    this.concurrency = options?.concurrency;
    const groups = new Map<string, Subtask[]>();
    for (const subtask of this.subtasks) groups.set(groupOf(subtask), [...(groups.get(groupOf(subtask)) ?? []), subtask]);
    for (const [key, subtasks] of groups) {
      const outcomes = await handler({ key, subtasks }, this.context(run, subtasks));
      for (const subtask of subtasks) this.outcomes.push({ dn: subtask.dn, outcome: outcomes.get(subtask.dn) ?? { kind: "failed", error: "no outcome" } });
    }
    return this.result();
  }

  /** The recorded outcome of a subtask, if it was processed. */
  outcome(dn: string): SubtaskOutcome | undefined {
    return this.outcomes.find((recorded) => recorded.dn === dn)?.outcome;
  }

  private context(run: TaskRun, subtasks: readonly Subtask[]): SubtaskContext {
    return {
      dryRun: run.dryRun,
      now: new Date(this.now),
      signal: run.signal,
      markIrreversible: async () => {
        if (!run.dryRun) this.irreversible.push(...subtasks.map((subtask) => subtask.dn));
      },
    };
  }

  private result(): TaskRunResult {
    return { body: Object.fromEntries(this.outcomes.map(({ dn, outcome }) => [dn, outcome.report ?? outcome])) };
  }
}
