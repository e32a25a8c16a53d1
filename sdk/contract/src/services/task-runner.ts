import type { TaskRun, TaskRunReport } from "../plugin/task-type.js";
import type { DirectoryChange, DirectoryEntry } from "./directory.js";
import type { Subtask } from "./task-store.js";

/**
 * What processing one subtask (or one key of a task type without subtasks) came to. `detail` is your task type's
 * own typed account of it, for its presenter; the engine only reads `kind`.
 * @beta
 */
export type SubtaskOutcome<D = unknown> =
  /**
   * Status `2`. `warnings`: side steps that failed although the work itself succeeded and that need no retry; the
   * host logs them and counts the subtask in the run summary's `warnings`. `executedFor`: the DNs of the users the
   * work was done for (the recipient of a mail, the user whose states changed). Once the status is written, the host
   * records the subtask's main task on each of them as FusionDirectory 1.6 does (auxiliary class `fdTasksInfos`,
   * value added to `fdTasksExecutedDNs`), where the directory's schema has these; never in a dry run. A failure
   * there is only logged.
   */
  | { readonly kind: "done"; readonly detail?: D; readonly warnings?: readonly string[]; readonly executedFor?: readonly string[] }
  /**
   * Nothing to do for it: status `3` (FusionDirectory 1.6 data), or deletion (1.5 data, as orchestrator 1.1 did), or
   * the treatment `TASKS_NOTHING_TO_DO` forces. `removed` is the host runner's to set, never the handler's: true in
   * its report when the subtask was deleted (in a dry run: would be) rather than set to `3`.
   */
  | { readonly kind: "nothing"; readonly reason: string; readonly detail?: D; readonly removed?: boolean }
  /** The status becomes `error` (kept restartable with restartFailedTasks). */
  | { readonly kind: "failed"; readonly error: string; readonly detail?: D }
  /** Not processed this time (e.g. the mail cap is reached): the subtask stays due. */
  | { readonly kind: "skipped"; readonly reason: string; readonly detail?: D }
  /**
   * Refused for now (e.g. an SMTP 4xx reply after the Outbox's retries): the subtask stays due with one more attempt
   * counted on it; after `TASKS_MAX_ATTEMPTS` attempts it fails for good.
   */
  | { readonly kind: "deferred"; readonly reason: string; readonly detail?: D }
  /**
   * It may have happened or not (a mail whose delivery is unknown: the run died while sending, or the connection
   * dropped after the message was handed over). The status becomes `delivery unknown: <reason>`, counted as
   * `unknown`; restartFailedTasks leaves it alone unless asked with `{"includeUnknown": true}`.
   */
  | { readonly kind: "unknown"; readonly reason: string; readonly detail?: D };

/**
 * Receives one settled outcome, keyed by its subtask DN (see {@link TaskRun.onResult}); the runner waits for the
 * returned promise before it settles more, which is how a slow reader holds a run back instead of filling memory.
 * @beta
 */
export type RunResultSink = (key: string, outcome: SubtaskOutcome) => void | Promise<void>;

/**
 * FusionDirectory 1.6's record, on a user, of the main tasks executed for them (auxiliary class `fdTasksInfos`,
 * `fdTasksExecutedDNs`). The host writes it, one modify per user, for the users a `done` outcome names in
 * `executedFor`; a handler that modifies such a user anyway can carry the record in that modify and spare the write.
 * @beta
 */
export interface ExecutionRecord {
  /** Attributes to read with the user for {@link ExecutionRecord.changes}; none when the directory's schema lacks the record. */
  readonly attributes: readonly string[];
  /**
   * The changes that record this subtask's main task on `user` (read with {@link ExecutionRecord.attributes}); none
   * when the user has it already or the schema lacks it. Add them to a modify of `user` you make anyway. In a
   * compare-and-swap modify (one that deletes values, as a state change does), a record that appeared meanwhile fails
   * it as a conflict (`FDO_ERR_LDAP_CONFLICT`): read the user again. A modify refused for the record itself (the
   * service account may not write it, say) should be made again without it: the host then records the user as usual.
   */
  changes(user: DirectoryEntry): readonly DirectoryChange[];
  /**
   * Tells the host that a modify carrying {@link ExecutionRecord.changes} for `user` succeeded: it leaves that user
   * out when it records the `executedFor` users.
   */
  written(user: DirectoryEntry): void;
}

/**
 * What a subtask handler may use besides the subtask.
 * @beta
 */
export interface SubtaskContext {
  readonly dryRun: boolean;
  /** The run's instant (the host clock when the run started). */
  readonly now: Date;
  readonly signal: AbortSignal;
  /**
   * Call right before an irreversible side effect (the Outbox does it for mail: pass this context as the plan's
   * guard). From then on, if the process dies before the outcome is written, the subtask is marked failed
   * ("interrupted") instead of being run again, so nothing is ever done twice. A no-op in a dry run.
   */
  markIrreversible(): Promise<void>;
  /**
   * Carries the FD 1.6 execution record in a modify of the user the handler makes anyway. Absent in dry runs and for
   * group handlers: the host then records the `executedFor` users itself.
   */
  readonly executionRecord?: ExecutionRecord;
}

/**
 * Processes one claimed subtask. Throwing is allowed: the subtask is marked failed with the error's message and
 * the run goes on.
 * @beta
 */
export type SubtaskHandler<D = unknown> = (subtask: Subtask, context: SubtaskContext) => Promise<SubtaskOutcome<D>>;

/**
 * Processes the claimed due subtasks of one group together (e.g. every subtask of one main task, for a digest
 * mail). Returns an outcome per subtask DN; a subtask without one is marked failed. Throwing fails the whole group.
 * `context.markIrreversible()` applies to every subtask of the group.
 * @beta
 */
export type SubtaskGroupHandler<D = unknown> = (group: { readonly key: string; readonly subtasks: readonly Subtask[] }, context: SubtaskContext) => Promise<ReadonlyMap<string, SubtaskOutcome<D>>>;

/**
 * Options of {@link TaskRunner.forEachDue}.
 * @beta
 */
export interface ForEachDueOptions {
  /** Subtasks processed at once (default 1). */
  readonly concurrency?: number;
  /**
   * The handler declares that it does something irreversible (sends a mail) for most subtasks: each subtask is then
   * claimed straight into the irreversible state, so it costs two status writes (claim, outcome) instead of three,
   * and `markIrreversible` has nothing left to do. Outcomes written by the handler are kept as they are (a failure
   * found before sending still fails, a cap still holds it back); only a process that dies while holding the
   * subtask makes a difference: it ends `delivery unknown` (never run again without the admin's say) instead of
   * being taken over, whether or not the side effect had started. Default false.
   */
  readonly claimIrreversible?: boolean;
}

/**
 * The common task loop: finds every due subtask of the run's types (status `1`, schedule passed, paged), claims each
 * with an atomic LDAP compare-and-swap so no two runs or instances process the same one, calls the handler, writes
 * the outcome, and reports per subtask (to {@link TaskRun.onResult} as each settles when the host set it, else in the
 * report) plus a summary. One subtask's failure never stops the others. In a dry run
 * nothing is claimed or written. Losing the directory stops the run: the report's `aborted` says so.
 * @beta
 */
export interface TaskRunner {
  forEachDue<D>(run: TaskRun, handler: SubtaskHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>>;
  /**
   * Like {@link TaskRunner.forEachDue}, but gathers the due subtasks by `groupOf` (e.g. their main task DN), claims
   * every subtask of a group first, then calls `handler` once per group with the ones this run won. Two concurrent
   * runs therefore never both handle a subtask, and a group's digest is sent once for the subtasks claimed together.
   * Due subtasks are held in memory until their group is processed.
   */
  forEachDueGroup<D>(run: TaskRun, groupOf: (subtask: Subtask) => string, handler: SubtaskGroupHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>>;
}
