// What a mail subtask came to, and upstream's per-subtask JSON of PATCH /api/tasks/mail built from it.
import { MAIL_CAP_REACHED, type TaskPresenter } from "@fdo/sdk";
import type { PlannedMail } from "./build-message.js";

/** The reason of a subtask held back by the anti-spam cap (it stays due). */
export const CAP_REACHED = MAIL_CAP_REACHED;

/** Status of an FD 1.6 subtask whose recipient DN has no address: the newest upstream's literal. */
export const UNRESOLVED_STATUS = "ERROR";

/** The mail task's account of one subtask. */
export type MailDetail =
  /** `errors` lists recipients that failed when others were sent. */
  | { readonly kind: "sent"; readonly lastExecUpdated: boolean; readonly errors: readonly string[] }
  | { readonly kind: "failed"; readonly errors: readonly string[] }
  /** FD 1.6: the recipient DN has no address (status `ERROR`); `error` names the DN. */
  | { readonly kind: "unresolved"; readonly error: string }
  /** A dry run: the messages that would go out. */
  | { readonly kind: "planned"; readonly mails: readonly PlannedMail[] };

/** Upstream's success report. */
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

/** Upstream's JSON of a mail subtask, keyed by its DN. */
export const presentMail: TaskPresenter<MailDetail, unknown> = {
  subtask({ detail }, { key }) {
    switch (detail.kind) {
      case "sent":
        return sentReport(key, detail);
      case "failed":
        return failureReport(detail.errors);
      case "unresolved":
        // The newest upstream's shape: one text, not a list.
        return { statusUpdate: true, Error: detail.error };
      case "planned":
        return { dryRun: true, wouldSend: detail.mails };
    }
  },
};
