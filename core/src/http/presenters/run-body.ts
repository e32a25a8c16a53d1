import type { PresentContext, RunSummary, TaskRunReport, TaskTypeDefinition } from "@fdo/sdk";
import { subtaskJson } from "./subtask-json.js";

/** The summary as the answer shows it: clients always find the warnings and unknown-delivery counters, also in summaries a task type made itself. */
export function wireSummary(reported: RunSummary): RunSummary {
  const { durationMs, ...counts } = reported;
  return { ...counts, unknown: reported.unknown ?? 0, warnings: reported.warnings ?? 0, durationMs };
}

/**
 * Adds the run summary to a body: as a `summary` key of an object body, as a last element of an array body. "Nothing
 * was due" is a 200 that says so (upstream answered 404, which cron could not tell from a failure).
 */
function withSummary(segment: string, body: unknown, reported: RunSummary): unknown {
  const summary = wireSummary(reported);
  if (summary.eligible === 0 && (body === undefined || (typeof body === "object" && body !== null && Object.keys(body).length === 0))) {
    return { message: `Nothing to process for ${segment}: no subtask is due.`, summary };
  }
  if (Array.isArray(body)) return [...(body as unknown[]), { summary }];
  return typeof body === "object" && body !== null ? { ...(body as Record<string, unknown>), summary } : { result: body, summary };
}

/**
 * The answer of `PATCH /api/tasks/<segment>` in upstream's shapes: a blocked run is upstream's `{antiSpam}` alone;
 * otherwise the task type's run presenter, or every subtask's JSON keyed by its DN, plus the summary.
 */
export function runBody(taskType: TaskTypeDefinition, report: TaskRunReport, context: PresentContext): unknown {
  if (report.blocked !== undefined) return { antiSpam: report.blocked.message };
  const presenter = taskType.present;
  const body = presenter?.run !== undefined ? presenter.run(report, context) : Object.fromEntries([...report.results].map(([key, outcome]) => [key, subtaskJson(outcome, key, presenter, context)]));
  return withSummary(context.segment, body, report.summary);
}
