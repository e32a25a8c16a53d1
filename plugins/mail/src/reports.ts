// The per-subtask JSON of upstream's PATCH /api/tasks/mail response, and the outcomes that carry it.
import type { SubtaskOutcome } from "@fdo/sdk";
import type { PlannedMail } from "./build-message.js";

/** The reason of a subtask held back by the anti-spam cap (it stays due). */
export const CAP_REACHED = "mail cap reached";

/** Upstream's success report; `errors` lists recipients that failed when others were sent. */
export function sentReport(subtaskDn: string, options: { readonly lastExecUpdated: boolean; readonly errors: readonly string[] }) {
  return {
    statusUpdate: true,
    mailStatus: `mail : ${subtaskDn} was successfully sent`,
    updateLastMailExec: options.lastExecUpdated,
    ...(options.errors.length === 0 ? {} : { Error: [...options.errors] }),
  };
}

/** Upstream's failure report. */
export function failureReport(errors: readonly string[]) {
  return { statusUpdate: true, Error: [...errors] };
}

/** Status `error` with upstream's failure report; the status text is the first error. */
export function failed(errors: readonly [string, ...string[]]): SubtaskOutcome {
  return { kind: "failed", error: errors[0], report: failureReport(errors) };
}

export function sent(subtaskDn: string, options: { readonly lastExecUpdated: boolean; readonly errors: readonly string[] }): SubtaskOutcome {
  return { kind: "done", report: sentReport(subtaskDn, options) };
}

export function planned(mails: readonly PlannedMail[]): SubtaskOutcome {
  return { kind: "done", report: { dryRun: true, wouldSend: mails } };
}

export function capReached(): SubtaskOutcome {
  return { kind: "skipped", reason: CAP_REACHED };
}

