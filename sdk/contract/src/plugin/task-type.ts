import type { Deps, ResolvedDeps } from "../services/refs.js";
import type { RunResultSink, SubtaskOutcome } from "../services/task-runner.js";

/**
 * Counts of one task run.
 * @public
 */
export interface RunSummary {
  /** Subtasks (or keys) of this type that were due. */
  readonly eligible: number;
  /** Subtasks this run worked on. */
  readonly processed: number;
  readonly succeeded: number;
  /** Nothing to do for them (status `3`), or held back (anti-spam, dry run). */
  readonly skipped: number;
  readonly failed: number;
  /**
   * Succeeded subtasks (counted in `succeeded` too) that carry warnings: a side step failed that needs no retry.
   * The host's runner always sets it; a summary without it has none.
   */
  readonly warnings?: number;
  /**
   * Work whose result is unknown (a mail that may have been delivered): never redone automatically. The host's runner
   * always sets it; absent (a task type's own summary) reads as 0.
   */
  readonly unknown?: number;
  readonly durationMs: number;
}

/**
 * One request to run a task type (`PATCH <base>/api/tasks/<segment>`).
 * @public
 */
export interface TaskRun {
  /** The registered URL segment, as the plugin declared it. */
  readonly segment: string;
  /** The `fdTasksGranularType` values this task type handles (empty for a task type without subtasks). */
  readonly granularTypes: readonly string[];
  /** True for `?dryRun=true`: compute the plan, change nothing, send nothing. */
  readonly dryRun: boolean;
  /** The decoded JSON request body, or `undefined`. Validate before use. */
  readonly body: unknown;
  /** Aborted when the host shuts down or the client goes away. */
  readonly signal: AbortSignal;
  /** Correlates logs with the HTTP request. */
  readonly requestId: string;
  /**
   * Set by the host when it streams this run's results (to the HTTP answer, the run history and the metrics) so that
   * a run's memory does not grow with its backlog: the {@link TaskRunner} hands each outcome to it as the subtask is
   * settled, waits for it (a slow client slows the run down), and leaves the report's `results` empty. The host sets
   * it only for task types whose presenter has no `run` (that one needs every result). Pass `run` on as received (a
   * spread keeps it); results a task type puts in its report itself are streamed after the run.
   */
  readonly onResult?: RunResultSink;
}

/**
 * Why a run did nothing at all: FusionDirectory's anti-spam interval had not elapsed (upstream's `antiSpam` text).
 * @public
 */
export interface RunBlocked {
  readonly kind: "antiSpam";
  readonly message: string;
}

/**
 * Why a run stopped part-way: the directory was lost. Claims held at that moment expire after their lease, so a
 * later run finishes the work.
 * @public
 */
export interface RunAborted {
  readonly kind: "directoryUnavailable";
  readonly message: string;
  /** The underlying failure, for the host's log. */
  readonly cause?: unknown;
}

/**
 * What a run came to, without any wire format: the host's presenters (and the task type's own, see
 * {@link TaskPresenter}) turn it into the HTTP answer.
 * @public
 */
export interface TaskRunReport<D = unknown, R = unknown> {
  readonly summary: RunSummary;
  /**
   * Outcome per subtask DN (or per key, for task types without subtasks), in the order they were settled; empty
   * when they were streamed to {@link TaskRun.onResult} instead.
   */
  readonly results: ReadonlyMap<string, SubtaskOutcome<D>>;
  /** Set when the run did nothing because it was blocked. */
  readonly blocked?: RunBlocked;
  /** Set when the run stopped part-way; `summary` and `results` (or what was streamed) say what was done before. */
  readonly aborted?: RunAborted;
  /** Run-wide facts for the task type's own presenter. */
  readonly detail?: R;
}

/**
 * What a presenter knows besides the report.
 * @public
 */
export interface PresentContext {
  readonly segment: string;
  readonly dryRun: boolean;
}

/**
 * What a presenter knows about the one subtask it shows, besides the report.
 * @public
 */
export interface SubtaskPresentContext extends PresentContext {
  /** The subtask's DN (or the key of a task type without subtasks). */
  readonly key: string;
  /**
   * What "nothing to do" did (in a dry run: would do) to this subtask: status `3`, or deletion. It follows the
   * subtask's FusionDirectory generation unless `TASKS_NOTHING_TO_DO` forces one (see the outcome's `removed`).
   */
  readonly nothingToDo: "status" | "delete";
}

/**
 * Pure functions building the upstream JSON of a task type from its typed report (HTTP compatibility lives here, not
 * in the run). Without them, each subtask is shown by its outcome (`{statusUpdate: true}`, `{Error: [...]}`...).
 * @public
 */
export interface TaskPresenter<D, R> {
  /**
   * The JSON of one subtask whose outcome carries a `detail` (the others get the host's default shape), keyed by
   * its DN in the answer. In a dry run the host adds `dryRun` and `outcome` unless the result has a `dryRun` key.
   */
  subtask?(outcome: SubtaskOutcome<D> & { readonly detail: D }, context: SubtaskPresentContext): unknown;
  /** The whole answer, replacing the per-subtask map; the host still adds `summary` to it. */
  run?(report: TaskRunReport<D, R>, context: PresentContext): unknown;
}

/**
 * A task type served by a plugin, as produced by {@link defineTaskType}.
 * @public
 */
export interface TaskTypeDefinition<D extends Deps = Deps, T = unknown, R = unknown> {
  /** URL segment under `/api/tasks/`, matched case-insensitively (upstream compatible), e.g. `lifeCycle`. */
  readonly segment: string;
  /** One line for humans (API docs, `plugins` listing). */
  readonly description?: string;
  /**
   * `fdTasksGranularType` values handled, all FusionDirectory generations, e.g. `["Mail Object", "mail"]`, matched
   * exactly as LDAP does. Absent or empty for a job without FusionDirectory subtasks (see `services.claims`).
   */
  readonly granularTypes?: readonly string[];
  /**
   * Top-level keys this task type reads from a `PATCH` body, e.g. `["type"]` for `{"type": "syslog"}`. The host
   * refuses a body with any other key (400 `FDO_ERR_HTTP_BODY_KEY_UNKNOWN`) before the run starts, so a misspelt
   * option never silently means the default. Default: none (only an empty body is accepted).
   */
  readonly bodyKeys?: readonly string[];
  /** The services `run` receives, checked when the plugin loads. */
  readonly deps: D;
  /** Answers one run. Never throw for one subtask's failure: record it and go on. */
  run(run: TaskRun, deps: ResolvedDeps<D>): Promise<TaskRunReport<T, R>>;
  readonly present?: TaskPresenter<T, R>;
}

/**
 * Declares a task type; `run` receives the services named in `deps`, typed.
 *
 * @example
 * ```ts
 * export const hello = defineTaskType({
 *   segment: "hello",
 *   granularTypes: ["hello"],
 *   deps: { runner: services.taskRunner, logger: services.logger },
 *   run: (run, { runner, logger }) => runner.forEachDue(run, async (subtask) => ({ kind: "done" })),
 * });
 * ```
 * @public
 */
export function defineTaskType<D extends Deps, T = unknown, R = unknown>(definition: TaskTypeDefinition<D, T, R>): TaskTypeDefinition {
  return Object.freeze({ ...definition }) as unknown as TaskTypeDefinition;
}
