import { nothingToDoTreatment } from "@fdo/fusiondirectory";
import {
  type Clock,
  type ForEachDueOptions,
  isOrchestratorError,
  LdapUnavailableError,
  type Logger,
  type RunAborted,
  type Subtask,
  type SubtaskContext,
  type SubtaskGroupHandler,
  type SubtaskHandler,
  type SubtaskOutcome,
  type TaskRun,
  type TaskRunner,
  type TaskRunReport,
  type TaskStore,
} from "@fdo/sdk";
import type { RunBookkeeping } from "./bookkeeping/run-bookkeeping.js";
import { BoundedPool } from "./bounded-pool.js";
import type { SubtaskClaims } from "./subtask-claims.js";
import { attemptsOf, failedStatus, INTERRUPTED_ERROR, parseStatus, retryStatus, unknownStatus } from "./subtask-status.js";

export interface EngineTaskRunnerOptions {
  readonly store: TaskStore;
  readonly claims: SubtaskClaims;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `TASKS_NOTHING_TO_DO`: forces status 3 or deletion; unset, each subtask's generation decides. */
  readonly nothingToDo: "status" | "delete" | undefined;
  /** Runs a `deferred` subtask may end with before it fails for good (`TASKS_MAX_ATTEMPTS`). */
  readonly maxAttempts: number;
  /** A run's FD 1.6 bookkeeping: execution stamps and user tagging. */
  readonly bookkeeping: () => RunBookkeeping;
}

/** Why a subtask is worked on in this run. */
type Work = "due" | "interrupted" | "invalid-schedule";

function workFor(subtask: Subtask, nowSeconds: number): Work | undefined {
  const state = parseStatus(subtask.status);
  if (state.kind === "todo" || state.kind === "retry") {
    if (subtask.schedule === undefined) return "invalid-schedule";
    return subtask.schedule.getTime() <= nowSeconds * 1000 ? "due" : undefined;
  }
  // A claim whose run died before doing anything irreversible is simply taken over.
  if (state.kind === "claimed" && state.leaseUntil < nowSeconds) return "due";
  if (state.kind === "sending" && state.leaseUntil < nowSeconds) return "interrupted";
  return undefined;
}

const FINAL_COUNTER = { done: "succeeded", nothing: "skipped", failed: "failed", skipped: "skipped", deferred: "skipped", unknown: "unknown" } as const;

const INTERRUPTED: SubtaskOutcome<never> = { kind: "unknown", reason: INTERRUPTED_ERROR };

// Outcomes of every task type pass through here; their details are the plugin's business.
type AnyOutcome = SubtaskOutcome<unknown>;

class RunState {
  /** Kept only when nobody streams them: a streamed run holds no per-subtask state once a subtask is settled. */
  readonly results = new Map<string, AnyOutcome>();
  readonly counts = { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, unknown: 0, warnings: 0 };
  aborted: unknown;

  /** Keeps the first reason the run stops for. */
  abort(error: unknown): void {
    this.aborted ??= error;
  }

  constructor(
    private readonly logger: Logger,
    private readonly onResult: TaskRun["onResult"],
    readonly books: RunBookkeeping,
  ) {}

  /** Counts the outcome and hands it on; resolves once the sink took it, so a slow reader slows the run down. */
  async record(dn: string, outcome: AnyOutcome): Promise<void> {
    this.counts.processed += 1;
    this.counts[FINAL_COUNTER[outcome.kind]] += 1;
    if (outcome.kind === "done" && outcome.warnings !== undefined && outcome.warnings.length > 0) {
      this.counts.warnings += 1;
      this.logger.warn("subtask done with warnings", { dn, warnings: outcome.warnings });
    }
    if (this.onResult === undefined) this.results.set(dn, outcome);
    else await this.onResult(dn, outcome);
  }
}

/** A lost directory stops a run with a report of what was done; anything else is a bug and is thrown on. */
function abortOf(cause: unknown): RunAborted {
  if (isOrchestratorError(cause) && cause.code === LdapUnavailableError.code) return { kind: "directoryUnavailable", message: cause.message, cause };
  throw cause instanceof Error ? cause : new Error(String(cause));
}

/**
 * The engine's {@link TaskRunner}: streams the run's subtasks (paged), claims each due one with a compare-and-swap,
 * hands it to the plugin's handler (several at once when asked), writes the outcome and hands it to the run's
 * `onResult` when the host streams results (kept in the report otherwise). A subtask interrupted
 * while sending is marked `delivery unknown` instead of being redone; a deferred one goes back to due with its
 * attempt count, and fails once it reaches `maxAttempts`. Losing the directory stops the run: its report is
 * `aborted` with the partial summary; claims held at that moment expire after their lease.
 */
export class EngineTaskRunner implements TaskRunner {
  constructor(private readonly options: EngineTaskRunnerOptions) {}

  forEachDue<D>(run: TaskRun, handler: SubtaskHandler<D>, options: ForEachDueOptions = {}): Promise<TaskRunReport<D>> {
    return this.#run<D>(run, options, async (pool, state, now) => {
      for await (const subtask of this.#due(run, pool, state, now)) await pool.add(() => this.#work(subtask, run, handler, now, state, options));
    });
  }

  /**
   * Groups are serialised across runs by an anchor: the lowest-DN member not yet settled. A run works on a group only
   * after winning the anchor's claim, claims the other members while holding it, and settles the anchor last, so two
   * runs (or instances) never split one group between them, even from stale listings.
   */
  forEachDueGroup<D>(run: TaskRun, groupOf: (subtask: Subtask) => string, handler: SubtaskGroupHandler<D>, options: ForEachDueOptions = {}): Promise<TaskRunReport<D>> {
    return this.#run<D>(run, options, async (pool, state, now) => {
      const groups = new Map<string, Subtask[]>();
      for await (const subtask of this.#unsettled(run, pool, state, now)) {
        const key = groupOf(subtask);
        const members = groups.get(key);
        if (members === undefined) groups.set(key, [subtask]);
        else members.push(subtask);
      }
      for (const [key, members] of groups) {
        const sorted = [...members].sort((a, b) => (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : 0));
        await pool.add(() => this.#workGroup(key, sorted, run, handler, now, state, options));
      }
    });
  }

  async #run<D>(run: TaskRun, options: ForEachDueOptions, drive: (pool: BoundedPool, state: RunState, now: Date) => Promise<void>): Promise<TaskRunReport<D>> {
    const started = this.options.clock.now();
    const state = new RunState(this.options.logger, run.onResult, this.options.bookkeeping());
    const pool = new BoundedPool(Math.max(1, options.concurrency ?? 1));
    try {
      if (!run.dryRun) await state.books.prime();
      await drive(pool, state, started);
    } catch (error) {
      state.aborted ??= error;
    }
    await pool.drain();
    await state.books.finish(isOrchestratorError(state.aborted) && state.aborted.code === LdapUnavailableError.code);
    const summary = { ...state.counts, durationMs: this.options.clock.now().getTime() - started.getTime() };
    // The handlers returned SubtaskOutcome<D>; the engine adds only detail-less ones of its own. Empty when streamed.
    const results = state.results as Map<string, SubtaskOutcome<D>>;
    return state.aborted === undefined ? { summary, results } : { summary, results, aborted: abortOf(state.aborted) };
  }

  /** The due subtasks, in search order; broken ones (stale sends, bad schedules) are failed on the way. */
  async *#due(run: TaskRun, pool: BoundedPool, state: RunState, now: Date): AsyncIterable<Subtask> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    for await (const subtask of this.options.store.listSubtasks(run.granularTypes)) {
      if (state.aborted !== undefined || run.signal.aborted) return;
      const work = workFor(subtask, nowSeconds);
      if (work === undefined) continue;
      state.counts.eligible += 1;
      if (work === "due") yield subtask;
      else await pool.add(() => this.#failBroken(subtask, work, run, state).catch((error: unknown) => state.abort(error)));
    }
  }

  /** Due subtasks and those a run holds (live or stale claims and sends): what decides a group's anchor. */
  async *#unsettled(run: TaskRun, pool: BoundedPool, state: RunState, now: Date): AsyncIterable<Subtask> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    for await (const subtask of this.options.store.listSubtasks(run.granularTypes)) {
      if (state.aborted !== undefined || run.signal.aborted) return;
      const kind = parseStatus(subtask.status).kind;
      const work = workFor(subtask, nowSeconds);
      if (work === "invalid-schedule") {
        state.counts.eligible += 1;
        await pool.add(() => this.#failBroken(subtask, work, run, state).catch((error: unknown) => state.abort(error)));
      } else if (work === "due" || kind === "claimed" || kind === "sending") {
        yield subtask;
      }
    }
  }

  async #failBroken(subtask: Subtask, work: Exclude<Work, "due">, run: TaskRun, state: RunState): Promise<void> {
    const outcome: AnyOutcome = work === "interrupted" ? INTERRUPTED : { kind: "failed", error: `invalid schedule "${subtask.entry.first("fdTasksGranularSchedule") ?? ""}"` };
    if (run.dryRun || (await this.#write(subtask, subtask.status, this.#statusOf(outcome, subtask.status).status, outcome, state.books))) await state.record(subtask.dn, outcome);
  }

  async #work<D>(subtask: Subtask, run: TaskRun, handler: SubtaskHandler<D>, now: Date, state: RunState, options: ForEachDueOptions): Promise<void> {
    try {
      if (run.dryRun) {
        await state.record(subtask.dn, this.#decided(await this.#handle(subtask.dn, () => handler(subtask, dryContext(run, now))), subtask.type));
        return;
      }
      const held = new Map<string, string>();
      if (!(await this.#claim(subtask, held, options))) return; // another run or instance has it
      const handled = new Set<string>();
      const context = { ...this.#context(run, now, held), executionRecord: state.books.executionRecord(subtask, handled) };
      const outcome = await this.#handle(subtask.dn, () => handler({ ...subtask, status: held.get(subtask.dn) as string }, context));
      await state.record(subtask.dn, await this.#settle(subtask, held.get(subtask.dn) as string, this.#decided(outcome, subtask.type), subtask.status, state.books, handled));
    } catch (error) {
      state.aborted ??= error;
    }
  }

  async #workGroup<D>(key: string, members: readonly Subtask[], run: TaskRun, handler: SubtaskGroupHandler<D>, now: Date, state: RunState, options: ForEachDueOptions): Promise<void> {
    try {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const [anchor] = members;
      if (anchor === undefined || workFor(anchor, nowSeconds) === undefined) return; // another run holds this group
      const due = members.filter((member) => workFor(member, nowSeconds) === "due");
      const interrupted = members.filter((member) => workFor(member, nowSeconds) === "interrupted");
      if (run.dryRun) {
        state.counts.eligible += due.length + interrupted.length;
        const outcomes = due.length === 0 ? new Map<string, AnyOutcome>() : await this.#handleGroup(due, () => handler({ key, subtasks: due }, dryContext(run, now)));
        for (const subtask of due) await state.record(subtask.dn, this.#decided(outcomes.get(subtask.dn) as AnyOutcome, subtask.type));
        for (const subtask of interrupted) await state.record(subtask.dn, INTERRUPTED);
        return;
      }
      const held = new Map<string, string>();
      if (!(await this.#claim(anchor, held, options))) return; // lost the anchor: the group belongs to another run
      // Counted only once the group is ours, so concurrent runs do not each report the same subtasks as eligible.
      state.counts.eligible += due.length + interrupted.length;
      const claimed: Subtask[] = [];
      for (const member of due) {
        if (member === anchor || (await this.#claim(member, held, options))) claimed.push({ ...member, status: held.get(member.dn) as string });
      }
      for (const member of interrupted) {
        if (member !== anchor && (await this.#write(member, member.status, unknownStatus(INTERRUPTED_ERROR), INTERRUPTED, state.books))) await state.record(member.dn, INTERRUPTED);
      }
      const sendable = new Map([...held].filter(([dn]) => claimed.some((member) => member.dn === dn)));
      const outcomes = claimed.length === 0 ? new Map<string, AnyOutcome>() : await this.#handleGroup(claimed, () => handler({ key, subtasks: claimed }, this.#context(run, now, sendable)));
      for (const [dn, marker] of sendable) held.set(dn, marker);
      // A stale send as anchor was claimed only to hold the group; it ends unknown like any interrupted send.
      const anchorOutcome: AnyOutcome = outcomes.get(anchor.dn) ?? INTERRUPTED;
      const previous = new Map(members.map((member) => [member.dn, member.status]));
      // The anchor last: until it is settled, every other run keeps away from this group.
      for (const [subtask, outcome] of [
        ...claimed.filter((subtask) => subtask.dn !== anchor.dn).map((subtask) => [subtask, outcomes.get(subtask.dn) as AnyOutcome] as const),
        [anchor, anchorOutcome] as const,
      ]) {
        await state.record(subtask.dn, await this.#settle(subtask, held.get(subtask.dn) as string, this.#decided(outcome, subtask.type), previous.get(subtask.dn) as string, state.books));
      }
    } catch (error) {
      state.aborted ??= error;
    }
  }

  /**
   * With `claimIrreversible` the claim is the "sending" marker itself: one write fewer per subtask. Exactly once still
   * holds, because nothing irreversible can happen before a subtask is "sending" either way, and a "sending" subtask is
   * never taken over: a run that dies holding it leaves it to end `delivery unknown` after the lease, the same as a
   * run dying mid-send today. The price is only that a death before the send also ends unknown instead of being redone.
   */
  async #claim(subtask: Subtask, held: Map<string, string>, options: ForEachDueOptions): Promise<boolean> {
    const statuses = subtask.entry.values("fdTasksGranularStatus");
    const marker = await this.options.claims.claim(subtask.dn, statuses.length > 0 ? statuses : [subtask.status], this.#nowSeconds(), options.claimIrreversible === true);
    if (marker !== undefined) held.set(subtask.dn, marker);
    return marker !== undefined;
  }

  /** A context whose markIrreversible moves every held claim to "sending" (those claimed into it already stay). */
  #context(run: TaskRun, now: Date, held: Map<string, string>): SubtaskContext {
    return {
      dryRun: false,
      now,
      signal: run.signal,
      markIrreversible: async () => {
        for (const [dn, marker] of held) {
          if (parseStatus(marker).kind !== "sending") held.set(dn, await this.options.claims.markSending(dn, marker, this.#nowSeconds()));
        }
      },
    };
  }

  async #handle(dn: string, call: () => Promise<AnyOutcome>): Promise<AnyOutcome> {
    try {
      return await call();
    } catch (error) {
      return this.#failure(dn, error);
    }
  }

  /** Every subtask of the group gets the handler's outcome for it, or a failure when it gave none or threw. */
  async #handleGroup(subtasks: readonly Subtask[], call: () => Promise<ReadonlyMap<string, AnyOutcome>>): Promise<Map<string, AnyOutcome>> {
    let outcomes: ReadonlyMap<string, AnyOutcome>;
    try {
      outcomes = await call();
    } catch (error) {
      const failure = this.#failure(subtasks.map((subtask) => subtask.dn).join(", "), error);
      return new Map(subtasks.map((subtask) => [subtask.dn, failure]));
    }
    return new Map(subtasks.map((subtask) => [subtask.dn, outcomes.get(subtask.dn) ?? { kind: "failed", error: "the plugin reported no outcome for this subtask" }]));
  }

  #failure(dn: string, error: unknown): AnyOutcome {
    if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
    this.options.logger.warn("subtask failed", { dn, err: error });
    return { kind: "failed", error: error instanceof Error ? error.message : String(error) };
  }

  /** Writes the outcome in place of the held marker; returns it as settled (a deferral out of attempts fails). */
  async #settle(subtask: Subtask, held: string, outcome: AnyOutcome, previous: string, books: RunBookkeeping, handled?: ReadonlySet<string>): Promise<AnyOutcome> {
    const { claims, logger, clock } = this.options;
    if (outcome.kind === "nothing" && outcome.removed === true) {
      if (await claims.remove(subtask.dn, held)) await books.settled(subtask, clock.now(), outcome);
      else logger.error("subtask claim lost before it was removed", { dn: subtask.dn });
      return outcome;
    }
    const settled = this.#statusOf(outcome, previous);
    if (!(await this.#write(subtask, held, settled.status, settled.outcome, books, handled)))
      logger.error("subtask claim lost before its outcome was written", { dn: subtask.dn, status: settled.status });
    return settled.outcome;
  }

  /** A nothing-to-do outcome marked `removed` when its subtask is deleted (FD 1.5 data, or forced) instead of set to 3. */
  #decided(outcome: AnyOutcome, granularType: string): AnyOutcome {
    if (outcome.kind !== "nothing") return outcome;
    return nothingToDoTreatment(granularType, this.options.nothingToDo) === "delete" ? { ...outcome, removed: true } : outcome;
  }

  /**
   * Swaps `expected` for `status` with the FD 1.6 execution stamps in the same modify, then lets the bookkeeping tag
   * the users; false when the status was no longer `expected`. A subtask held back was not executed: no stamps.
   */
  async #write(subtask: Subtask, expected: string, status: string, outcome: AnyOutcome, books: RunBookkeeping, handled?: ReadonlySet<string>): Promise<boolean> {
    const stamps = outcome.kind === "skipped" ? undefined : await books.stamps(subtask);
    if (!(await this.options.claims.settle(subtask.dn, expected, status, stamps?.changes))) return false;
    if (stamps !== undefined) await books.settled(subtask, stamps.at, outcome, handled);
    return true;
  }

  /** The status an outcome writes, given the status the subtask had before this run (its attempts so far). */
  #statusOf(outcome: AnyOutcome, previous: string): { readonly status: string; readonly outcome: AnyOutcome } {
    switch (outcome.kind) {
      case "done":
        return { status: "2", outcome };
      case "nothing":
        return { status: "3", outcome };
      case "skipped":
        // Held back: due as before, a retry keeping its count.
        return { status: parseStatus(previous).kind === "retry" ? previous : "1", outcome };
      case "unknown":
        return { status: unknownStatus(outcome.reason), outcome };
      case "failed":
        return { status: failedStatus(outcome.error), outcome };
      case "deferred": {
        const attempts = attemptsOf(previous) + 1;
        if (attempts < this.options.maxAttempts) return { status: retryStatus(attempts, outcome.reason), outcome };
        const error = `${outcome.reason} (still refused after ${attempts} attempts)`;
        return { status: failedStatus(error), outcome: { kind: "failed", error, ...(outcome.detail === undefined ? {} : { detail: outcome.detail }) } };
      }
    }
  }

  #nowSeconds(): number {
    return Math.floor(this.options.clock.now().getTime() / 1000);
  }
}

function dryContext(run: TaskRun, now: Date): SubtaskContext {
  return { dryRun: true, now, signal: run.signal, markIrreversible: async () => undefined };
}
