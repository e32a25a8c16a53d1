// The per-subtask JSON of PATCH /api/tasks/reminder, in upstream's shapes, and the outcomes carrying it.
import type { SubtaskOutcome } from "@fdo/sdk";
import type { TokenAction } from "./token-keeper.js";

/** Upstream's success text. */
export const SENT_MESSAGE = "reminder was successfully sent";
/** The reason of a subtask held back by the anti-spam cap (it stays due). */
export const CAP_REACHED = "mail cap reached";

/** Sent: upstream's report; `errors` lists recipients that failed while others got the mail. */
export function sent(options: { readonly lastExecUpdated: boolean; readonly errors: readonly string[] }): SubtaskOutcome {
  return {
    kind: "done",
    report: {
      statusUpdate: true,
      mailStatus: SENT_MESSAGE,
      updateLastMailExec: options.lastExecUpdated,
      ...(options.errors.length === 0 ? {} : { Error: [...options.errors] }),
    },
  };
}

/** Status `error` (the first text); the report lists every text, like the Mail task's. */
export function failed(errors: readonly [string, ...string[]], dryRun = false): SubtaskOutcome {
  return { kind: "failed", error: errors[0], report: dryRun ? { dryRun: true, outcome: "failed", Error: [...errors] } : { statusUpdate: true, Error: [...errors] } };
}

/** Upstream 1.1's text for a removed subtask (FD 1.5 hosts, `TASKS_NOTHING_TO_DO=delete`), whatever the reason. */
export const REMOVED_STATUS = "No reminder triggers were found, therefore removing the sub-task!";

/**
 * Nothing to do. With status `3` (FD 1.6): the newest upstream's `Status`/`Message` report; with deletion (FD 1.5):
 * upstream 1.1's `Removed`/`Status` one plus the specific `Message`. Both add `Details`, saying exactly why (days
 * left, state found, lock...).
 */
export function nothing(message: string, details: string, treatment: "status" | "delete", dryRun = false): SubtaskOutcome {
  const report = dryRun
    ? { dryRun: true, outcome: "nothing", wouldBe: treatment === "delete" ? "removed" : "status 3", Message: message, Details: details }
    : treatment === "delete"
      ? { Removed: true, Status: REMOVED_STATUS, Message: message, Details: details }
      : { Status: true, Message: message, Details: details };
  return { kind: "nothing", reason: details, report };
}

export function capReached(dryRun = false): SubtaskOutcome {
  return { kind: "skipped", reason: CAP_REACHED, report: dryRun ? { dryRun: true, outcome: "skipped", skipped: CAP_REACHED } : { skipped: CAP_REACHED } };
}

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

export function planned(because: string, mails: readonly PlannedMail[], token: PlannedToken | undefined): SubtaskOutcome {
  return { kind: "done", report: { dryRun: true, outcome: "done", because, wouldSend: mails, ...(token === undefined ? {} : { wouldWriteToken: token }) } };
}

