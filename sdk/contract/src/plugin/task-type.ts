import type { InjectableClass } from "../di/injectable.js";

/**
 * Counts of one task run, reported alongside the plugin's own result body.
 * @public
 */
export interface RunSummary {
  /** Subtasks of this type that were due. */
  readonly eligible: number;
  /** Subtasks this run worked on. */
  readonly processed: number;
  readonly succeeded: number;
  /** Nothing to do for them (status `3`), or held back (anti-spam, dry run). */
  readonly skipped: number;
  readonly failed: number;
  readonly durationMs: number;
}

/**
 * One request to run a task type (`PATCH <base>/api/tasks/<segment>`).
 * @public
 */
export interface TaskRun {
  /** The registered URL segment, as the plugin declared it. */
  readonly segment: string;
  /** The `fdTasksGranularType` values this task type handles. */
  readonly granularTypes: readonly string[];
  /** True for `?dryRun=true`: compute the plan, change nothing, send nothing. */
  readonly dryRun: boolean;
  /** The decoded JSON request body, or `undefined`. Validate before use. */
  readonly body: unknown;
  /** Aborted when the host shuts down or the client goes away. */
  readonly signal: AbortSignal;
  /** Correlates logs with the HTTP request. */
  readonly requestId: string;
}

/**
 * What a run returns. `body` keeps upstream's per-subtask JSON shape for wire compatibility.
 * @public
 */
export interface TaskRunResult {
  readonly body: unknown;
  readonly summary?: RunSummary;
}

/**
 * Runs one task type. Constructed by the host through DI (declare dependencies with {@link Injectable}); one
 * instance per plugin. A run must never throw for one subtask's failure: record it and go on.
 * @public
 */
export interface TaskExecutor {
  run(run: TaskRun): Promise<TaskRunResult>;
}

/**
 * A task type served by a plugin.
 * @public
 */
export interface TaskTypeDefinition {
  /** URL segment under `/api/tasks/`, matched case-insensitively (upstream compatible), e.g. `lifeCycle`. */
  readonly segment: string;
  /**
   * `fdTasksGranularType` values handled, all FusionDirectory generations, e.g. `["Mail Object", "mail"]`.
   * Matched exactly, as LDAP does.
   */
  readonly granularTypes: readonly string[];
  /** One line for humans (API docs, `plugins` listing). */
  readonly description?: string;
  /**
   * Top-level keys this task type reads from a `PATCH` body, e.g. `["type"]` for `{"type": "syslog"}`. The host
   * refuses a body with any other key (400 `FDO_ERR_HTTP_BODY_KEY_UNKNOWN`) before the run starts, so a misspelt
   * option never silently means the default. Default: none (only an empty body is accepted).
   */
  readonly bodyKeys?: readonly string[];
  /** The executor class. */
  readonly executor: InjectableClass<TaskExecutor>;
}
