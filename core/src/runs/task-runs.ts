import { randomUUID } from "node:crypto";
import { type Clock, isOrchestratorError, type Logger, type RunResultSink, type TaskRunReport } from "@fdo/sdk";
import type { HostMetrics } from "../metrics/host-metrics.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import { type RunHistory, recordOf } from "./run-history.js";
import { reportOutcome } from "./run-outcome.js";
import type { RunDetail, RunTrigger } from "./run-record.js";
import { RUN_RESULTS_LIMIT, RunResults } from "./run-results.js";

/** One request to run a task type, from the API or the scheduler. */
export interface TaskRunRequest {
  readonly trigger: RunTrigger;
  readonly dryRun: boolean;
  readonly body: unknown;
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** The tick a scheduled run is for. */
  readonly scheduledAt?: Date;
  /** Where the HTTP answer takes each result as it settles (task types without a run presenter only). */
  readonly onResult?: RunResultSink;
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
 * Results stream through (`TaskRun.onResult`) unless the task type's presenter needs them all: a run keeps only
 * counters and the history's first results, whatever its size.
 */
export class TaskRuns {
  constructor(private readonly deps: TaskRunsDependencies) {}

  async run(entry: RegisteredTaskType, request: TaskRunRequest): Promise<TaskRunReport> {
    const { segment } = entry.definition;
    const startedAt = this.deps.clock.now();
    const started = performance.now();
    const id = randomUUID();
    const results = new RunResults();
    const streams = entry.definition.present?.run === undefined;
    const onResult: RunResultSink = (key, outcome) => {
      results.add(key, outcome);
      return request.onResult?.(key, outcome);
    };
    let report: TaskRunReport;
    try {
      const run = { segment, granularTypes: entry.definition.granularTypes ?? [], dryRun: request.dryRun, body: request.body, signal: request.signal, requestId: request.requestId };
      report = await entry.run(streams ? { ...run, onResult } : run);
      // What the task type reported itself (its own results, or all of them for a run presenter) passes the same way.
      for (const [key, outcome] of report.results) {
        if (streams) await onResult(key, outcome);
        else results.add(key, outcome);
      }
    } catch (error) {
      const errorCode = isOrchestratorError(error) ? error.code : "FDO_ERR_INTERNAL";
      this.#record({ id, segment, request, startedAt, durationMs: performance.now() - started, outcome: { outcome: "failed", errorCode }, results });
      throw error;
    }
    this.#record({ id, segment, request, startedAt, durationMs: performance.now() - started, outcome: reportOutcome(report), report, results });
    return streams ? { ...report, results: new Map() } : report;
  }

  #record(run: {
    id: string;
    segment: string;
    request: TaskRunRequest;
    startedAt: Date;
    durationMs: number;
    outcome: ReturnType<typeof reportOutcome>;
    report?: TaskRunReport;
    results: RunResults;
  }): void {
    const { request, report, segment, results } = run;
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
      results: results.kept,
      resultsTotal: results.total,
      resultsLimit: RUN_RESULTS_LIMIT,
    };
    this.deps.history.add(detail);
    this.deps.logger.info("run.finished", { ...recordOf(detail) });
    if (!request.dryRun) this.#count(detail, results);
  }

  // Dry runs change nothing, so they stay out of the series that alerts watch.
  #count(detail: RunDetail, results: RunResults): void {
    const { metrics } = this.deps;
    metrics.taskRuns.inc({ segment: detail.segment, trigger: detail.trigger, outcome: detail.outcome });
    metrics.runDuration.observe({ segment: detail.segment }, detail.durationMs / 1000);
    for (const [outcome, count] of results.byKind) metrics.subtasks.inc({ segment: detail.segment, outcome }, count);
  }
}
