import type { TaskRun, TaskRunReport } from "../plugin/task-type.js";
import type { Claim } from "./claims.js";
import type { LogFields } from "./logger.js";
import type { MailMessage } from "./mailer.js";

/**
 * What keeps one mail from ever going out twice. Either the subtask's context (pass the `SubtaskContext` your
 * handler received: its claim turns to "sending" before the first byte), or, for work with no FusionDirectory
 * subtask, a function taking a {@link Claim} once the cap allows the mail (`undefined`: another run has the key). The
 * claim is made irreversible before the first byte, completed after a delivery and released when nothing went out.
 * @public
 */
export type MailGuard = { readonly markIrreversible: () => Promise<void> } | { readonly claim: () => Promise<Claim | undefined> };

/**
 * What {@link MailPlan.prepare} wrote before sending, and the messages that depend on it.
 * @public
 */
export interface PreparedMail {
  readonly messages: readonly MailMessage[];
  /** Called once when at least one recipient got the mail: keep what was written. Failures are logged. */
  keep?(): Promise<void>;
  /** Called once when nobody got it (every send failed, or sending threw): take back what was written. Failures are logged. */
  takeBack?(): Promise<void>;
}

/**
 * One mail of a run (for one subtask, a group of subtasks or one claimed key): who gets it, what guards it, and how
 * to build it. The {@link MailSession} does the rest.
 * @public
 */
export interface MailPlan {
  /** Every address a message goes to: the anti-spam cap counts each one, and a plan that does not fit whole waits. */
  readonly recipients: readonly string[];
  readonly guard: MailGuard;
  /** Log fields naming the work, e.g. `{ dn }`. */
  readonly logFields?: LogFields;
  /**
   * Builds the messages, only once the cap allowed them and never in a dry run. It may write what the messages need
   * (e.g. a token their link carries) and say how to keep or take it back. If it throws, nothing is sent and the
   * result is `unprepared` (a lost directory is thrown on).
   */
  prepare(): Promise<PreparedMail>;
}

/**
 * What became of a {@link MailPlan}.
 * - `aborted`: the run was aborted before anything was sent (leave the work due);
 * - `capReached`: the anti-spam cap has no room for every recipient (leave the work due);
 * - `wouldSend`: a dry run within the cap; nothing was prepared or sent;
 * - `claimedElsewhere`: the {@link MailGuard} claim is held or done by another run;
 * - `unprepared`: `prepare` threw (its error text); nothing was sent;
 * - `deferred`: the server refused every message for now (a 4xx reply, still so after the Outbox's retries); nothing
 *   was sent, leave the work due for a later run (`heldBackOutcome` maps it);
 * - `unknown`: the connection was lost after a message was handed over, so it may have been delivered; never send it
 *   again on your own (`deliveryUnknownOutcome` maps it);
 * - `failed`: nobody got the mail (the server's replies, first one first);
 * - `sent`: at least one recipient got it (`errors`: those who did not); `lastExecUpdated` when it was recorded as
 *   FusionDirectory's last mail time, which only sessions enforcing the interval (the Mail task) do.
 * @public
 */
export type MailResult =
  | { readonly kind: "aborted" }
  | { readonly kind: "capReached" }
  | { readonly kind: "wouldSend" }
  | { readonly kind: "claimedElsewhere" }
  | { readonly kind: "unprepared"; readonly error: string }
  | { readonly kind: "deferred"; readonly errors: readonly [string, ...string[]] }
  | { readonly kind: "unknown"; readonly error: string }
  | { readonly kind: "failed"; readonly errors: readonly [string, ...string[]] }
  | { readonly kind: "sent"; readonly delivered: number; readonly errors: readonly string[]; readonly lastExecUpdated: boolean };

/**
 * One run's use of the outbox.
 * @public
 */
export interface MailSession {
  /**
   * The whole send protocol for one plan: abort check, the shared anti-spam cap (every recipient counts), the dry run,
   * the guard's irreversible marker before the first byte, sending through the pooled transport, recording the last
   * mail time, and keeping or taking back what `prepare` wrote.
   */
  send(plan: MailPlan): Promise<MailResult>;
}

/**
 * Options of {@link Outbox.session}.
 * @public
 */
export interface MailSessionOptions {
  /**
   * Enforce FusionDirectory's minimum interval between mail runs (`fdTasksConfIntervalEmails`), and stamp the time it
   * is measured from (`fdTasksConfLastExecTime`). The Mail task's sessions only: a run started too early is blocked
   * as a whole. Sessions without it neither wait for nor delay a Mail run; every mail counts toward the shared cap.
   */
  readonly enforceInterval: boolean;
}

/**
 * The only way plugins send mail. Every mail-sending task type shares FusionDirectory's anti-spam allowance
 * (`fdTasksConfMaxEmails` recipients per run) and its at-most-once guarantees.
 * @public
 */
export interface Outbox {
  /**
   * Runs `work` with a mail session for `run`. When the interval gate blocks the run, `work` is not called and the
   * report says so (`blocked`). A run that passed the gate but sent nothing puts FusionDirectory's last mail time back.
   */
  session<D, R>(run: TaskRun, options: MailSessionOptions, work: (mail: MailSession) => Promise<TaskRunReport<D, R>>): Promise<TaskRunReport<D, R>>;
  /** Recipients a run could mail now (for previews); nothing is reserved. */
  remaining(): Promise<number>;
}
