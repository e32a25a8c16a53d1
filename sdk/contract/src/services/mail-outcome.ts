import type { MailResult } from "./outbox.js";
import type { SubtaskOutcome } from "./task-runner.js";

/** The reason of work held back by the shared anti-spam cap (it stays due for the next run). @public */
export const MAIL_CAP_REACHED = "mail cap reached";
/** The reason of work not started because its run was aborted (it stays due). @public */
export const RUN_ABORTED = "the run was aborted";

/**
 * The outcome of work whose mail the Outbox held back, `aborted` or `capReached`: `skipped`, so it stays due.
 * `undefined` for every other result, which your task type reports in its own terms.
 * @public
 */
export function heldBackOutcome(result: MailResult): Extract<SubtaskOutcome<never>, { readonly kind: "skipped" }> | undefined {
  if (result.kind === "capReached") return { kind: "skipped", reason: MAIL_CAP_REACHED };
  if (result.kind === "aborted") return { kind: "skipped", reason: RUN_ABORTED };
  return undefined;
}
