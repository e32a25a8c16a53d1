// PATCH /api/tasks/passwordExpiry: mails every user whose password expiry is within a lead time, once per
// (user, expiry, lead time). There are no FusionDirectory subtasks for this, so it does not use the TaskRunner: it
// plans from the directory itself and claims each reminder with a marker entry (see markers.ts).
import { performance } from "node:perf_hooks";
import {
  Injectable,
  TOKENS,
  errorText,
  pluginConfigToken,
  type Clock,
  type Directory,
  type HostSettings,
  type Logger,
  type MailAllowance,
  type MailBudget,
  type Mailer,
  type TaskExecutor,
  type TaskRun,
  type TaskRunResult,
} from "@fdo/sdk";
import { configSchema, type PasswordExpiryConfig } from "./config.js";
import { markerStore, type MarkerStore } from "./markers.js";
import { buildMessage, loadContent, type MailContent } from "./message.js";
import { Planner, type Plan, type Reminder } from "./plan.js";

export const CAP_REACHED = "mail cap reached (fdTasksConfMaxEmails); it will be sent by a later run";

/** What happened to one reminder, as the run reports it. */
export interface ReminderReport {
  readonly dn: string;
  readonly uid: string;
  readonly to: string | null;
  readonly expiry: string;
  readonly daysLeft: number;
  readonly leadDays: number;
  readonly status: "sent" | "would send" | "already sent" | "skipped" | "failed";
  readonly reason?: string;
  readonly subject?: string;
}

function describe(reminder: Reminder, status: ReminderReport["status"], extra: { reason?: string; subject?: string } = {}): ReminderReport {
  const { dn, uid, to, expiry, daysLeft, leadDays } = reminder;
  return { dn, uid, to: to ?? null, expiry, daysLeft, leadDays, status, ...extra };
}

/** One run: its plan, allowance, markers and mail content. */
class ReminderRun {
  constructor(
    private readonly run: TaskRun,
    private readonly allowance: MailAllowance,
    private readonly markers: MarkerStore,
    private readonly content: MailContent,
    private readonly services: { readonly mailer: Mailer; readonly clock: Clock; readonly logger: Logger; readonly config: PasswordExpiryConfig },
  ) {}

  async process(reminder: Reminder, now: Date): Promise<ReminderReport> {
    if (reminder.blocked !== undefined) return describe(reminder, "skipped", { reason: reminder.blocked });
    if (reminder.alreadySent) return describe(reminder, "already sent");
    if (this.run.signal.aborted) return describe(reminder, "skipped", { reason: "the run was aborted" });
    const to = reminder.to as string;
    const { config } = this.services;
    const message = buildMessage(this.content, { ...reminder, to }, config.mailFrom, config.changeUrl);
    if (this.run.dryRun) {
      return this.allowance.take(1) ? describe(reminder, "would send", { subject: message.subject }) : describe(reminder, "skipped", { reason: CAP_REACHED });
    }
    if (this.allowance.remaining() < 1) return describe(reminder, "skipped", { reason: CAP_REACHED });
    if (!(await this.markers.claim(reminder, now))) return describe(reminder, "already sent", { reason: "sent by another run" });
    if (!this.allowance.take(1)) {
      await this.markers.release(reminder);
      return describe(reminder, "skipped", { reason: CAP_REACHED });
    }
    let failure: string | undefined;
    try {
      const receipt = await this.services.mailer.send(message);
      if (receipt.rejected.some((address) => address.toLowerCase() === to.toLowerCase())) {
        failure = receipt.rejectedErrors?.[0]?.response ?? `recipient refused: ${to}`;
      }
    } catch (error) {
      failure = errorText(error);
    }
    if (failure !== undefined) {
      // Not sent: give the claim back so the next run tries again.
      await this.markers.release(reminder);
      this.services.logger.warn("password-expiry reminder not sent", { dn: reminder.dn, leadDays: reminder.leadDays, error: failure });
      return describe(reminder, "failed", { reason: failure });
    }
    await this.#afterSend(reminder);
    return describe(reminder, "sent", { subject: message.subject });
  }

  /** Bookkeeping after a send: failures are logged, never turned into a resend (the marker already exists). */
  async #afterSend(reminder: Reminder): Promise<void> {
    const { logger, clock } = this.services;
    logger.info("password-expiry reminder sent", { dn: reminder.dn, leadDays: reminder.leadDays, expiry: reminder.expiry });
    await this.markers.confirm(reminder, clock.now()).catch((error: unknown) => logger.warn("could not mark the reminder as sent", { dn: reminder.dn, error: errorText(error) }));
    await this.allowance.recordSent().catch((error: unknown) => logger.warn("could not record the last mail time", { error: errorText(error) }));
  }
}

export class PasswordExpiryExecutor implements TaskExecutor {
  constructor(
    private readonly budget: MailBudget,
    private readonly mailer: Mailer,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly settings: HostSettings,
    private readonly logger: Logger,
    private readonly config: PasswordExpiryConfig,
  ) {}

  async run(run: TaskRun): Promise<TaskRunResult> {
    const started = performance.now();
    const { config } = this;
    // Reminders are due on their own calendar, so the Mail task's interval gate does not apply; the cap does.
    const allowance = await this.budget.open({ enforceInterval: false, dryRun: run.dryRun });

    const now = this.clock.now();
    const markers = markerStore(this.directory, config, this.settings.ldapBase);
    const plan = await new Planner(this.directory, config, this.settings.ldapBase, markers).plan(now);
    const content = await loadContent(config, this.directory, this.settings.ldapBase);
    if (!run.dryRun && plan.reminders.some((reminder) => reminder.blocked === undefined && !reminder.alreadySent)) await markers.ensureBranch();

    const reminderRun = new ReminderRun(run, allowance, markers, content, { mailer: this.mailer, clock: this.clock, logger: this.logger, config });
    const reports: ReminderReport[] = [];
    // One after the other, most urgent first: when the cap is reached, those closest to expiry were served.
    for (const reminder of plan.reminders) reports.push(await reminderRun.process(reminder, now));
    const pruned = run.dryRun ? 0 : await markers.prune(plan.today);
    return { body: reportBody(plan, reports, run.dryRun, pruned), summary: summarise(reports, performance.now() - started) };
  }
}
Injectable(TOKENS.MailBudget, TOKENS.Mailer, TOKENS.Directory, TOKENS.Clock, TOKENS.Settings, TOKENS.Logger, pluginConfigToken(configSchema))(PasswordExpiryExecutor);

function reportBody(plan: Plan, reports: readonly ReminderReport[], dryRun: boolean, pruned: number) {
  return { dryRun, now: plan.now.toISOString(), leadDays: plan.leadDays, reminders: reports, counts: plan.counts, markersPruned: pruned };
}

function summarise(reports: readonly ReminderReport[], durationMs: number) {
  const count = (...statuses: ReminderReport["status"][]) => reports.filter((report) => statuses.includes(report.status)).length;
  const succeeded = count("sent", "would send");
  const failed = count("failed");
  return { eligible: reports.length, processed: succeeded + failed, succeeded, skipped: count("skipped", "already sent"), failed, durationMs: Math.round(durationMs) };
}
