// What a reminder subtask came to, and the per-subtask JSON of PATCH /api/tasks/reminder built from it, in
// upstream's shapes.
import type { TaskPresenter } from "@fdo/sdk";
import type { TokenAction } from "./token-keeper.js";

/** Upstream's success text. */
export const SENT_MESSAGE = "reminder was successfully sent";
/** Upstream 1.1's text for a removed subtask (FD 1.5 hosts, `TASKS_NOTHING_TO_DO=delete`), whatever the reason. */
export const REMOVED_STATUS = "No reminder triggers were found, therefore removing the sub-task!";

/** A message a dry run would send. */
export interface PlannedMail {
  readonly to: string;
  readonly subject: string;
  readonly attachments: readonly string[];
}

/** The token a dry run would write; the link shows `<token>` in place of the secret. */
export interface PlannedToken {
  readonly dn: string;
  readonly action: TokenAction;
  readonly userDn: string;
  /** `fdTokenTimestamp` it would get (Unix seconds). */
  readonly expires: number;
  readonly link: string;
}

/** The reminder task's account of one subtask. */
export type ReminderDetail =
  /** `errors` lists recipients that failed while others got the mail. */
  | { readonly kind: "sent"; readonly lastExecUpdated: boolean; readonly errors: readonly string[] }
  /** The status is the first text; the report lists every one, like the Mail task's. */
  | { readonly kind: "failed"; readonly errors: readonly string[] }
  /** Nothing to do: `message` is upstream's text, `details` says exactly why (days left, state found, lock...). */
  | { readonly kind: "nothing"; readonly message: string; readonly details: string }
  /** Held back (anti-spam cap, aborted run): it stays due. */
  | { readonly kind: "heldBack"; readonly reason: string }
  /** A dry run of a due reminder. */
  | { readonly kind: "planned"; readonly because: string; readonly mails: readonly PlannedMail[]; readonly token: PlannedToken | undefined };

/**
 * Nothing to do. With status `3` (FD 1.6): the newest upstream's `Status`/`Message` report; with deletion (FD 1.5):
 * upstream 1.1's `Removed`/`Status` one plus the specific `Message`.
 */
function nothingReport(message: string, details: string, treatment: "status" | "delete", dryRun: boolean) {
  if (dryRun) return { dryRun: true, outcome: "nothing", wouldBe: treatment === "delete" ? "removed" : "status 3", Message: message, Details: details };
  return treatment === "delete" ? { Removed: true, Status: REMOVED_STATUS, Message: message, Details: details } : { Status: true, Message: message, Details: details };
}

/** Upstream's JSON of a reminder subtask, keyed by its DN. */
export const presentReminder: TaskPresenter<ReminderDetail, unknown> = {
  subtask({ detail }, { dryRun, nothingToDo }) {
    switch (detail.kind) {
      case "sent":
        return {
          statusUpdate: true,
          mailStatus: SENT_MESSAGE,
          updateLastMailExec: detail.lastExecUpdated,
          ...(detail.errors.length === 0 ? {} : { Error: [...detail.errors] }),
        };
      case "failed":
        return dryRun ? { dryRun: true, outcome: "failed", Error: [...detail.errors] } : { statusUpdate: true, Error: [...detail.errors] };
      case "nothing":
        return nothingReport(detail.message, detail.details, nothingToDo, dryRun);
      case "heldBack":
        return { skipped: detail.reason };
      case "planned":
        return { dryRun: true, outcome: "done", because: detail.because, wouldSend: detail.mails, ...(detail.token === undefined ? {} : { wouldWriteToken: detail.token }) };
    }
  },
};
