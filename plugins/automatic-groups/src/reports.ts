// Upstream's results of PATCH /api/tasks/automaticGroups: `{"<subtask dn>": {"result": "<messages, one per line>"}}`,
// `Error processing task: <error>` on failure (the status then is the error), and a one-element list when there is
// no subtask at all.

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
