import { randomUUID } from "node:crypto";
import { type Clock, isOrchestratorError, type Logger, type TaskRunReport } from "@fdo/sdk";
import type { HostMetrics } from "../metrics/host-metrics.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import { type RunHistory, recordOf } from "./run-history.js";
import { reportOutcome, subtaskResult } from "./run-outcome.js";
import type { RunDetail, RunSubtaskResult, RunTrigger } from "./run-record.js";

/**
 * Per-subtask results kept per run: enough to see what a run did, bounded so that a run over a huge backlog costs
 * no more memory than a small one (the detail response says how many there were).
 */
export const RUN_RESULTS_LIMIT = 200;

/** One request to run a task type, from the API or the scheduler. */
export interface TaskRunRequest {
  readonly trigger: RunTrigger;
  readonly dryRun: boolean;
  readonly body: unknown;
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** The tick a scheduled run is for. */
  readonly scheduledAt?: Date;
}

export interface TaskRunsDependencies {
  readonly history: RunHistory;
  readonly metrics: HostMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** This instance, as run records name it. */
  readonly instance: string;
}

/**
 * The one way a task type runs, whoever asks (`PATCH /api/tasks/<segment>` or the scheduler): the registry entry's
 * run (with its claims, Outbox and anti-spam), then the run history, the metrics and the `run.finished` log line.
 */
export class TaskRuns {
  constructor(private readonly deps: TaskRunsDependencies) {}

  async run(entry: RegisteredTaskType, request: TaskRunRequest): Promise<TaskRunReport> {
    const { segment } = entry.definition;
    const startedAt = this.deps.clock.now();
    const started = performance.now();
    const id = randomUUID();
    let report: TaskRunReport;
    try {
      report = await entry.run({ segment, granularTypes: entry.definition.granularTypes ?? [], dryRun: request.dryRun, body: request.body, signal: request.signal, requestId: request.requestId });
    } catch (error) {
      const errorCode = isOrchestratorError(error) ? error.code : "FDO_ERR_INTERNAL";
      this.#record({ id, segment, request, startedAt, durationMs: performance.now() - started, outcome: { outcome: "failed", errorCode } });
      throw error;
    }
    this.#record({ id, segment, request, startedAt, durationMs: performance.now() - started, outcome: reportOutcome(report), report });
    return report;
  }

  #record(run: { id: string; segment: string; request: TaskRunRequest; startedAt: Date; durationMs: number; outcome: ReturnType<typeof reportOutcome>; report?: TaskRunReport }): void {
    const { request, report, segment } = run;
    const results: RunSubtaskResult[] = [];
    for (const [subtask, outcome] of report?.results ?? []) {
      if (results.length >= RUN_RESULTS_LIMIT) break;
      results.push(subtaskResult(subtask, outcome));
    }
    const summary = report?.summary ?? { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0 };
    const detail: RunDetail = {
      id: run.id,
      segment,
      trigger: request.trigger,
      instance: this.deps.instance,
      requestId: request.requestId,
      dryRun: request.dryRun,
      ...(request.scheduledAt === undefined ? {} : { scheduledAt: request.scheduledAt.toISOString() }),
      startedAt: run.startedAt.toISOString(),
      durationMs: Math.round(run.durationMs),
      summary: { eligible: summary.eligible, processed: summary.processed, succeeded: summary.succeeded, skipped: summary.skipped, failed: summary.failed },
      ...run.outcome,
      results,
      resultsTotal: report?.results.size ?? 0,
      resultsLimit: RUN_RESULTS_LIMIT,
    };
    this.deps.history.add(detail);
    this.deps.logger.info("run.finished", { ...recordOf(detail) });
    if (!request.dryRun) this.#count(detail, report);
  }

  // Dry runs change nothing, so they stay out of the series that alerts watch.
  #count(detail: RunDetail, report: TaskRunReport | undefined): void {
    const { metrics } = this.deps;
    metrics.taskRuns.inc({ segment: detail.segment, trigger: detail.trigger, outcome: detail.outcome });
    metrics.runDuration.observe({ segment: detail.segment }, detail.durationMs / 1000);
    for (const outcome of report?.results.values() ?? []) metrics.subtasks.inc({ segment: detail.segment, outcome: outcome.kind });
  }
}
