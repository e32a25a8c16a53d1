import type { RunSummary, SubtaskOutcome } from "@fdo/sdk";

/** What started a run. */
export type RunTrigger = "api" | "schedule";

/** What a run came to: `nothing` when it had no work (or was blocked), `partial` when some subtasks failed. */
export type RunOutcome = "ok" | "partial" | "failed" | "nothing";

/** One subtask's (or key's) result as the run history keeps it. */
export interface RunSubtaskResult {
  readonly subtask: string;
  readonly outcome: SubtaskOutcome["kind"];
  /** The reason (nothing, skipped) or the error (failed). */
  readonly text?: string;
}

/** One run, API or scheduled, as `GET /api/runs` and the `run.finished` log line show it. */
export interface RunRecord {
  readonly id: string;
  readonly segment: string;
  readonly trigger: RunTrigger;
  /** The instance that ran it. */
  readonly instance: string;
  readonly requestId: string;
  readonly dryRun: boolean;
  /** The schedule's tick a scheduled run ran for (ISO 8601). */
  readonly scheduledAt?: string;
  /** ISO 8601 instant, host clock. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Omit<RunSummary, "durationMs">;
  readonly outcome: RunOutcome;
  /** The stable code of the error that ended the run, if one did. */
  readonly errorCode?: string;
}

/** A run with its per-subtask results, at most `resultsLimit` of them (`resultsTotal` says how many there were). */
export interface RunDetail extends RunRecord {
  readonly results: readonly RunSubtaskResult[];
  readonly resultsTotal: number;
  readonly resultsLimit: number;
}
