// What a notification subtask came to, and upstream's per-subtask JSON of PATCH /api/tasks/notifications built from it.
import { MAIL_CAP_REACHED, type TaskPresenter } from "@fdo/sdk";

/** Upstream's success text, on every subtask listed in a sent notification. */
export const NOTIFICATION_SENT = "Notification was successfully sent";
/** Upstream's (newest) text for a subtask none of whose audited changes is monitored (status 3). */
export const NO_MATCH = "No matching audited attributes with monitored attributes, nothing to process!";
/** Upstream 1.1's text when such a subtask is deleted instead (FD 1.5 behaviour). */
export const NO_MATCH_REMOVED = "No matching audited attributes with monitored attributes, safely removed!";
/** The reason of subtasks held back by the anti-spam cap (they stay due). Same text as the Mail plugin's. */
export const CAP_REACHED = MAIL_CAP_REACHED;

/**
 * FD 1.6's post-state after a sent notification: the state and, per user of the subtask, `applied`,
 * `already in this state` or `not applied: <why>` (a dry run: `would be applied`); or why it could not be read.
 */
export type PostStateReport = { readonly state: string; readonly users: Readonly<Record<string, string>> } | { readonly error: string };

/** Optional details added to upstream's shapes, only when there is something to say. */
export interface ReportDetails {
  /** Recipients that failed while others got the notification. */
  readonly errors?: readonly string[];
  /** FD 1.6 recipient DNs that have no address. */
  readonly unresolved?: readonly string[];
  /** Audit events the subtask references that no longer exist. */
  readonly missing?: readonly string[];
  /** The main task's post-state, when it has one. */
  readonly postState?: PostStateReport;
}

function details(options: ReportDetails) {
  const { errors = [], unresolved = [], missing = [], postState } = options;
  return {
    ...(errors.length === 0 ? {} : { Error: [...errors] }),
    ...(unresolved.length === 0 ? {} : { unresolvedRecipients: [...unresolved] }),
    ...(missing.length === 0 ? {} : { missingAuditEvents: [...missing] }),
    ...(postState === undefined ? {} : { postState: "error" in postState ? { error: postState.error } : { state: postState.state, users: { ...postState.users } } }),
  };
}

/** A subtask whose user was listed in the main task's notification that went out. */
export function sentReport(options: { readonly lastExecUpdated: boolean } & ReportDetails) {
  return { statusUpdate: true, mailStatus: NOTIFICATION_SENT, updateLastMailExec: options.lastExecUpdated, ...details(options) };
}

/** The notification of the subtask's main task could not be sent: upstream puts the error list in `mailStatus`. */
export function mailFailedReport(errors: readonly string[]) {
  return { statusUpdate: true, mailStatus: [...errors] };
}

/** The subtask itself is unusable (unreadable audit data, misconfigured main task...). */
export function failureReport(errors: readonly string[]) {
  return { statusUpdate: true, Error: [...errors] };
}

/**
 * Nothing to notify for this subtask, with the engine's treatment (status 3, or deletion as FD 1.5 did). Upstream's
 * texts for "nothing monitored changed"; any other reason (e.g. no audit event referenced) is shown as is.
 */
export function noMatchReport(treatment: "status" | "delete", reason: string = NO_MATCH) {
  if (treatment === "delete") return { Removed: true, Status: reason === NO_MATCH ? NO_MATCH_REMOVED : reason };
  return { statusUpdate: true, Status: reason };
}

/** What a dry run says about a subtask with nothing to notify: nothing is removed or written. */
export function plannedNothingReport(treatment: "status" | "delete", reason: string) {
  return { dryRun: true, nothingToDo: reason, wouldBe: treatment === "delete" ? "removed" : "status 3" };
}

/** The mail a dry run would send for a main task, as shown on each of its subtasks. */
export interface PlannedNotification {
  readonly mainTask: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly attachments: readonly string[];
}

/** One user of the planned mail and the attributes reported for them. */
export interface PlannedUser {
  readonly dn: string;
  readonly attributes: readonly string[];
}

/**
 * A dry run's report for a subtask that would be listed: the mail (once per main task, so the same on each of its
 * subtasks) and what this subtask adds to it.
 */
export function plannedReport(mail: PlannedNotification, users: readonly PlannedUser[], extra: ReportDetails = {}) {
  return {
    dryRun: true,
    wouldSend: { ...mail, to: [...mail.to], attachments: [...mail.attachments] },
    users: users.map((user) => ({ dn: user.dn, attributes: [...user.attributes] })),
    ...details(extra),
  };
}

/** The notifications task's account of one subtask. */
export type NotificationDetail =
  /** The subtask itself is unusable (unreadable audit data, misconfigured main task...). */
  | { readonly kind: "failed"; readonly errors: readonly string[] }
  /** Nothing monitored changed (or no audit event is referenced). */
  | { readonly kind: "noMatch"; readonly reason: string }
  /** The notification of the subtask's main task could not be sent. */
  | { readonly kind: "mailFailed"; readonly errors: readonly string[] }
  /** Held back with its main task's notification (anti-spam cap, aborted run): it stays due. */
  | { readonly kind: "heldBack"; readonly reason: string }
  /** A dry run: the mail of the main task and what this subtask adds to it. */
  | { readonly kind: "planned"; readonly mail: PlannedNotification; readonly users: readonly PlannedUser[]; readonly extra: ReportDetails }
  /** The subtask's user was listed in the notification that went out. */
  | ({ readonly kind: "sent"; readonly lastExecUpdated: boolean } & ReportDetails);

/** Upstream's JSON of a notification subtask, keyed by its DN. */
export const presentNotification: TaskPresenter<NotificationDetail, unknown> = {
  subtask({ detail }, { dryRun, nothingToDo }) {
    switch (detail.kind) {
      case "failed":
        return failureReport(detail.errors);
      case "noMatch":
        return dryRun ? plannedNothingReport(nothingToDo, detail.reason) : noMatchReport(nothingToDo, detail.reason);
      case "mailFailed":
        return mailFailedReport(detail.errors);
      case "heldBack":
        return { skipped: detail.reason };
      case "planned":
        return plannedReport(detail.mail, detail.users, detail.extra);
      case "sent":
        return sentReport(detail);
    }
  },
};
