import type { MailResult } from "./outbox.js";
import type { SubtaskOutcome } from "./task-runner.js";

/** The reason of work held back by the shared anti-spam cap (it stays due for the next run). @public */
export const MAIL_CAP_REACHED = "mail cap reached";
/** The reason of work not started because its run was aborted (it stays due). @public */
export const RUN_ABORTED = "the run was aborted";

/**
 * The outcome of work whose mail was held back: `aborted` or `capReached` give `skipped` (it stays due), `deferred`
 * (the server refused it for now) gives `deferred` (it stays due, one more attempt counted). `undefined` for every
 * other result, which your task type reports in its own terms.
 * @public
 */
export function heldBackOutcome(result: MailResult): Extract<SubtaskOutcome<never>, { readonly kind: "skipped" | "deferred" }> | undefined {
  if (result.kind === "capReached") return { kind: "skipped", reason: MAIL_CAP_REACHED };
  if (result.kind === "aborted") return { kind: "skipped", reason: RUN_ABORTED };
  if (result.kind === "deferred") return { kind: "deferred", reason: result.errors[0] };
  return undefined;
}

/**
 * The outcome of a mail whose delivery is unknown (`unknown`: the connection was lost after it was handed over):
 * `unknown`, so it is never sent again without an administrator's say. `undefined` for every other result.
 * @public
 */
export function deliveryUnknownOutcome(result: MailResult): Extract<SubtaskOutcome<never>, { readonly kind: "unknown" }> | undefined {
  return result.kind === "unknown" ? { kind: "unknown", reason: result.error } : undefined;
}
