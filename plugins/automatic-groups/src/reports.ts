// Upstream's results of PATCH /api/tasks/automaticGroups: `{"<subtask dn>": {"result": "<messages, one per line>"}}`,
// `Error processing task: <error>` on failure (the status then is the error), and a one-element list when there is
// no subtask at all.
import type { SubtaskOutcome, TaskPresenter } from "@fdo/sdk";
import type { GroupsDetail } from "./groups-run.js";
import type { AutomaticGroupsMode } from "./task-types.js";

/** The body when there is no membership subtask. */
export const NO_MEMBERSHIP_TASKS: readonly string[] = ["No automatic groups tasks require processing."];
/** The body when there is no dynamic group subtask. */
export const NO_DYNAMIC_GROUP_TASKS: readonly string[] = ["No dynamic group tasks require processing."];

/** The messages of one subtask, one per line as upstream (PHP_EOL). */
export function resultReport(messages: readonly string[]): { readonly result: string } {
  return { result: messages.join("\n") };
}

/** A failed subtask's result; its status is `error` itself. */
export function failedReport(error: string): { readonly result: string } {
  return { result: `Error processing task: ${error}` };
}

/** The body of one subtask; an outcome the engine settled without a detail (held back, thrown) shows its reason. */
function subtaskJson(outcome: SubtaskOutcome<GroupsDetail>): unknown {
  const { detail } = outcome;
  if (detail?.kind === "result") return resultReport(detail.messages);
  if (detail?.kind === "failed") return failedReport(detail.error);
  return outcome.kind === "failed" ? failedReport(outcome.error) : { result: "reason" in outcome ? outcome.reason : "", outcome: outcome.kind };
}

/** Upstream's answer: the results keyed by subtask DN, or the one-line list of the mode when nothing was processed. */
export const presentAutomaticGroups: TaskPresenter<GroupsDetail, { readonly mode: AutomaticGroupsMode }> = {
  run(report) {
    if (report.results.size === 0) return report.detail?.mode === "dynamic-group" ? [...NO_DYNAMIC_GROUP_TASKS] : [...NO_MEMBERSHIP_TASKS];
    return Object.fromEntries([...report.results].map(([dn, outcome]) => [dn, subtaskJson(outcome)]));
  },
};
