import {
  LdapUnavailableError,
  isOrchestratorError,
  type Clock,
  type ForEachDueOptions,
  type Logger,
  type RunSummary,
  type Subtask,
  type SubtaskContext,
  type SubtaskHandler,
  type SubtaskOutcome,
  type TaskRun,
  type TaskRunner,
  type TaskRunResult,
  type TaskStore,
} from "@fdo/sdk";
import { BoundedPool } from "./bounded-pool.js";
import type { SubtaskClaims } from "./subtask-claims.js";
import { INTERRUPTED_ERROR, failedStatus, parseStatus } from "./subtask-status.js";

export interface EngineTaskRunnerOptions {
  readonly store: TaskStore;
  readonly claims: SubtaskClaims;
  readonly clock: Clock;
  readonly logger: Logger;
  /** FD 1.6 writes status 3 for "nothing to do"; FD 1.5 deleted the subtask. */
  readonly nothingToDo: "status" | "delete";
}

/** Why a subtask is worked on in this run. */
type Work = "due" | "interrupted" | "invalid-schedule";

function workFor(subtask: Subtask, nowSeconds: number): Work | undefined {
  const state = parseStatus(subtask.status);
  if (state.kind === "todo") {
    if (subtask.schedule === undefined) return "invalid-schedule";
    return subtask.schedule.getTime() <= nowSeconds * 1000 ? "due" : undefined;
  }
  // A claim whose run died before doing anything irreversible is simply taken over.
  if (state.kind === "claimed" && state.leaseUntil < nowSeconds) return "due";
  if (state.kind === "sending" && state.leaseUntil < nowSeconds) return "interrupted";
  return undefined;
}

function defaultReport(outcome: SubtaskOutcome): unknown {
  switch (outcome.kind) {
    case "done":
      return { statusUpdate: true };
    case "nothing":
      return { statusUpdate: true, nothingToDo: outcome.reason };
    case "failed":
      return { statusUpdate: true, Error: [outcome.error] };
    case "skipped":
      return { skipped: outcome.reason };
  }
}

const FINAL_COUNTER = { done: "succeeded", nothing: "skipped", failed: "failed", skipped: "skipped" } as const;

class RunState {
  readonly body: Record<string, unknown> = {};
  readonly counts = { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0 };
  aborted: unknown;

  record(dn: string, outcome: SubtaskOutcome, dryRun: boolean): void {
    this.counts.processed += 1;
    this.counts[FINAL_COUNTER[outcome.kind]] += 1;
    const report = outcome.report ?? defaultReport(outcome);
    this.body[dn] = dryRun && typeof report === "object" && report !== null && !("dryRun" in report) ? { dryRun: true, outcome: outcome.kind, ...report } : report;
  }

  summary(durationMs: number): RunSummary {
    return { ...this.counts, durationMs };
  }
}

/**
 * The engine's {@link TaskRunner}: streams the run's subtasks (paged), claims each due one with a compare-and-swap,
 * hands it to the plugin's handler (several at once when asked), and writes the outcome. A subtask interrupted
 * while sending is marked failed instead of being redone. Losing the directory aborts the run with a 503 that
 * carries the partial summary; claims held at that moment expire after their lease.
 */
export class EngineTaskRunner implements TaskRunner {
  constructor(private readonly options: EngineTaskRunnerOptions) {}

  async forEachDue(run: TaskRun, handler: SubtaskHandler, options: ForEachDueOptions = {}): Promise<TaskRunResult> {
    const started = this.options.clock.now();
    const nowSeconds = Math.floor(started.getTime() / 1000);
    const state = new RunState();
    const pool = new BoundedPool(Math.max(1, options.concurrency ?? 1));
    try {
      for await (const subtask of this.options.store.listSubtasks(run.granularTypes)) {
        if (state.aborted !== undefined || run.signal.aborted) break;
        const work = workFor(subtask, nowSeconds);
        if (work === undefined) continue;
        state.counts.eligible += 1;
        await pool.add(() =>
          this.#work(subtask, work, run, handler, started, state).catch((error: unknown) => {
            state.aborted ??= error;
          }),
        );
      }
    } catch (error) {
      state.aborted ??= error;
    }
    await pool.drain();
    const summary = state.summary(this.options.clock.now().getTime() - started.getTime());
    if (state.aborted !== undefined) throw this.#abort(run, state.aborted, summary);
    return { body: state.body, summary };
  }

  async #work(subtask: Subtask, work: Work, run: TaskRun, handler: SubtaskHandler, now: Date, state: RunState): Promise<void> {
    if (work !== "due") {
      const error = work === "interrupted" ? INTERRUPTED_ERROR : `invalid schedule "${subtask.entry.first("fdTasksGranularSchedule") ?? ""}"`;
      const outcome: SubtaskOutcome = { kind: "failed", error };
      if (run.dryRun || (await this.options.claims.settle(subtask.dn, subtask.status, failedStatus(error)))) state.record(subtask.dn, outcome, run.dryRun);
      return;
    }
    if (run.dryRun) {
      state.record(subtask.dn, await this.#handle(subtask, handler, { dryRun: true, now, signal: run.signal, markIrreversible: async () => undefined }), true);
      return;
    }
    const nowSeconds = (): number => Math.floor(this.options.clock.now().getTime() / 1000);
    let held = await this.options.claims.claim(subtask.dn, subtask.status, nowSeconds());
    if (held === undefined) return; // another run or instance has it
    const context: SubtaskContext = {
      dryRun: false,
      now,
      signal: run.signal,
      markIrreversible: async () => {
        held = await this.options.claims.markSending(subtask.dn, held as string, nowSeconds());
      },
    };
    const outcome = await this.#handle({ ...subtask, status: held }, handler, context);
    await this.#settle(subtask.dn, held, outcome);
    state.record(subtask.dn, outcome, false);
  }

  async #handle(subtask: Subtask, handler: SubtaskHandler, context: SubtaskContext): Promise<SubtaskOutcome> {
    try {
      return await handler(subtask, context);
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
      this.options.logger.warn("subtask failed", { dn: subtask.dn, err: error });
      return { kind: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }

  async #settle(dn: string, held: string, outcome: SubtaskOutcome): Promise<void> {
    const { claims, nothingToDo, logger } = this.options;
    if (outcome.kind === "nothing" && nothingToDo === "delete") return claims.remove(dn);
    const status = outcome.kind === "done" ? "2" : outcome.kind === "nothing" ? "3" : outcome.kind === "skipped" ? "1" : failedStatus(outcome.error);
    if (!(await claims.settle(dn, held, status))) logger.error("subtask claim lost before its outcome was written", { dn, status });
  }

  #abort(run: TaskRun, cause: unknown, summary: RunSummary): Error {
    if (isOrchestratorError(cause) && cause.code === LdapUnavailableError.code) {
      return new LdapUnavailableError(`run of ${run.segment} aborted: ${cause.message}`, { cause, details: { summary } });
    }
    return cause instanceof Error ? cause : new Error(String(cause));
  }
}
