// A TaskRunner stand-in for plugin unit tests: hands the given subtasks to the handler in order and records the
// outcomes as the task type's presenter shows them.
import { nothingToDoTreatment } from "@fdo/fusiondirectory";
import type {
  ExecutionRecord,
  ForEachDueOptions,
  RunSummary,
  Subtask,
  SubtaskContext,
  SubtaskGroupHandler,
  SubtaskHandler,
  SubtaskOutcome,
  TaskPresenter,
  TaskRun,
  TaskRunner,
  TaskRunReport,
} from "@fdo/sdk";
import { DEMO_NOW } from "../demo-now.js";

/**
 * An outcome as the tests check it: without its typed detail, and with `report`, the JSON the task type's presenter
 * makes of that detail (only when there is one, as the host does).
 * @public
 */
export type ShownOutcome = SubtaskOutcome extends infer O ? (O extends unknown ? Omit<O, "detail"> & { readonly report?: unknown } : never) : never;

/**
 * One outcome a {@link FakeRunner} recorded: the subtask's DN and the outcome as shown.
 * @public
 */
export interface RecordedOutcome {
  readonly dn: string;
  readonly outcome: ShownOutcome;
}

/** How a {@link FakeRunner} shows outcomes: the task type's presenter and the host setting it reads. */
export interface Presentation {
  // biome-ignore lint/suspicious/noExplicitAny: any task type's presenter, whatever its detail type (the variance needs any).
  readonly present?: TaskPresenter<any, unknown>;
  /**
   * `TASKS_NOTHING_TO_DO`: forces status 3 or deletion. Unset, as on the host, each subtask's generation decides
   * (FD 1.5 type spellings deleted, FD 1.6 ones set to 3), and nothing-to-do outcomes carry `removed` as the host's do.
   */
  readonly nothingToDo?: "status" | "delete";
}

function summaryOf(outcomes: ReadonlyMap<string, SubtaskOutcome<unknown>>): RunSummary {
  const count = (kind: SubtaskOutcome["kind"]) => [...outcomes.values()].filter((outcome) => outcome.kind === kind).length;
  const warnings = [...outcomes.values()].filter((outcome) => outcome.kind === "done" && (outcome.warnings?.length ?? 0) > 0).length;
  return {
    eligible: outcomes.size,
    processed: outcomes.size,
    succeeded: count("done"),
    skipped: count("skipped") + count("nothing") + count("deferred"),
    failed: count("failed"),
    unknown: count("unknown"),
    warnings,
    durationMs: 0,
  };
}

/**
 * A TaskRunner that hands the given subtasks to the handler, in order, and records the outcomes as shown. Like the
 * host's runner, it streams: when the run has `onResult`, each outcome goes there as it settles and the report's
 * `results` stay empty (its `summary` counts them all).
 */
export class FakeRunner implements TaskRunner {
  readonly outcomes: RecordedOutcome[] = [];
  irreversible: string[] = [];
  concurrency: number | undefined;
  /** When set, what each subtask's context offers as `executionRecord` (the host offers one on FD 1.6 directories). */
  executionRecord: ((subtask: Subtask) => ExecutionRecord | undefined) | undefined;
  readonly now: Date;
  constructor(
    private readonly subtasks: readonly Subtask[],
    private readonly presentation: Presentation = {},
    now: Date | string = DEMO_NOW,
  ) {
    this.now = new Date(now);
  }

  async forEachDue<D>(run: TaskRun, handler: SubtaskHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>> {
    this.concurrency = options?.concurrency;
    const results = new Map<string, SubtaskOutcome<D>>();
    for (const subtask of this.subtasks) {
      const record = run.dryRun ? undefined : this.executionRecord?.(subtask);
      const context: SubtaskContext = {
        dryRun: run.dryRun,
        now: this.now,
        signal: run.signal,
        markIrreversible: async () => {
          if (!run.dryRun) this.irreversible.push(subtask.dn);
        },
        ...(record === undefined ? {} : { executionRecord: record }),
      };
      let outcome: SubtaskOutcome<D>;
      try {
        outcome = await handler(subtask, context);
      } catch (error) {
        outcome = { kind: "failed", error: (error as Error).message };
      }
      await this.#record(run, subtask, outcome, results);
    }
    return this.#report(run, results);
  }

  /** Groups in first-seen order, one handler call each (the real runner also claims first; nothing to race here). */
  async forEachDueGroup<D>(run: TaskRun, groupOf: (subtask: Subtask) => string, handler: SubtaskGroupHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>> {
    this.concurrency = options?.concurrency;
    const groups = new Map<string, Subtask[]>();
    for (const subtask of this.subtasks) groups.set(groupOf(subtask), [...(groups.get(groupOf(subtask)) ?? []), subtask]);
    const results = new Map<string, SubtaskOutcome<D>>();
    for (const [key, subtasks] of groups) {
      const context: SubtaskContext = {
        dryRun: run.dryRun,
        now: this.now,
        signal: run.signal,
        markIrreversible: async () => {
          if (!run.dryRun) this.irreversible.push(...subtasks.map((subtask) => subtask.dn));
        },
      };
      const outcomes = await handler({ key, subtasks }, context);
      for (const subtask of subtasks) await this.#record(run, subtask, outcomes.get(subtask.dn) ?? { kind: "failed", error: "no outcome" }, results);
    }
    return this.#report(run, results);
  }

  outcome(dn: string): ShownOutcome | undefined {
    return this.outcomes.find((recorded) => recorded.dn === dn)?.outcome;
  }

  /** Every recorded subtask's report (or its outcome when it has none), keyed by DN. */
  body(): Record<string, unknown> {
    return Object.fromEntries(this.outcomes.map(({ dn, outcome }) => [dn, outcome.report ?? outcome]));
  }

  async #record<D>(run: TaskRun, subtask: Subtask, given: SubtaskOutcome<D>, results: Map<string, SubtaskOutcome<D>>): Promise<void> {
    const removed = given.kind === "nothing" && nothingToDoTreatment(subtask.type, this.presentation.nothingToDo) === "delete";
    const outcome: SubtaskOutcome<D> = removed ? { ...given, removed } : given;
    results.set(subtask.dn, outcome);
    this.outcomes.push({ dn: subtask.dn, outcome: shown(outcome, this.presentation, { segment: run.segment, dryRun: run.dryRun, key: subtask.dn }) });
    await run.onResult?.(subtask.dn, outcome);
  }

  #report<D>(run: TaskRun, results: Map<string, SubtaskOutcome<D>>): TaskRunReport<D> {
    return { summary: summaryOf(results), results: run.onResult === undefined ? results : new Map() };
  }
}

/** An outcome as tests check it (see {@link ShownOutcome}). */
export function shown<D>(outcome: SubtaskOutcome<D>, presentation: Presentation, context: { readonly segment: string; readonly dryRun: boolean; readonly key: string }): ShownOutcome {
  const { detail, ...rest } = outcome;
  const present = presentation.present?.subtask;
  if (detail === undefined || present === undefined) return rest;
  const nothingToDo = outcome.kind === "nothing" && outcome.removed === true ? "delete" : "status";
  return { ...rest, report: present({ ...outcome, detail }, { ...context, nothingToDo }) };
}
