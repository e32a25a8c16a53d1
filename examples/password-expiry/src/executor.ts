// PATCH /api/tasks/passwordExpiry: mails every user whose password expiry is within a lead time, once per
// (user, expiry, lead time). There are no FusionDirectory subtasks for this, so it does not use the TaskRunner: it
// plans from the directory itself, and the host's claims make each reminder go out once across all instances.
import { performance } from "node:perf_hooks";
import {
  type Claims,
  defineTaskType,
  MAIL_CAP_REACHED,
  type MailResult,
  type MailSession,
  pluginConfigRef,
  RUN_ABORTED,
  type RunSummary,
  type SubtaskOutcome,
  services,
  type TaskPresenter,
} from "@fdo/sdk";
import { configSchema, type PasswordExpiryConfig } from "./config.js";
import { expiryDayOfName, markerName, markerNote } from "./markers.js";
import { buildMessage, loadContent, type MailContent } from "./message.js";
import { type Plan, Planner, type Reminder } from "./plan.js";

export const CAP_REACHED = `${MAIL_CAP_REACHED} (fdTasksConfMaxEmails); it will be sent by a later run`;
/** Claims of passwords that expired more than this many days ago are forgotten. */
const PRUNE_AFTER_DAYS = 1;

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

/** What the run found besides its reminders. */
export interface RunFacts {
  readonly now: string;
  readonly leadDays: readonly number[];
  readonly counts: Plan["counts"];
  readonly markersPruned: number;
}

type ReminderOutcome = SubtaskOutcome<ReminderReport>;

/** A reminder's report, under the outcome the summary counts it as. */
function outcome(reminder: Reminder, status: ReminderReport["status"], extra: { reason?: string; subject?: string } = {}): ReminderOutcome {
  const { dn, uid, to, expiry, daysLeft, leadDays } = reminder;
  const detail: ReminderReport = { dn, uid, to: to ?? null, expiry, daysLeft, leadDays, status, ...extra };
  switch (status) {
    case "sent":
    case "would send":
      return { kind: "done", detail };
    case "failed":
      return { kind: "failed", error: extra.reason ?? status, detail };
    default:
      return { kind: "skipped", reason: extra.reason ?? status, detail };
  }
}

function reportOf(reminder: Reminder, result: MailResult, subject: string): ReminderOutcome {
  switch (result.kind) {
    case "sent":
      return outcome(reminder, "sent", { subject });
    case "wouldSend":
      return outcome(reminder, "would send", { subject });
    case "claimedElsewhere":
      return outcome(reminder, "already sent", { reason: "sent by another run" });
    case "capReached":
      return outcome(reminder, "skipped", { reason: CAP_REACHED });
    case "aborted":
      return outcome(reminder, "skipped", { reason: RUN_ABORTED });
    case "failed":
      return outcome(reminder, "failed", { reason: result.errors[0] });
    case "unprepared":
      return outcome(reminder, "failed", { reason: result.error });
    case "deferred":
      // The claim was released: a later run tries again.
      return outcome(reminder, "skipped", { reason: `refused for now: ${result.errors[0]}` });
    case "unknown":
      // The claim stays irreversible: never sent twice.
      return outcome(reminder, "failed", { reason: `delivery unknown: ${result.error}` });
  }
}

/** One reminder through the outbox, guarded by its claim: sent once across every instance, retried when it failed. */
async function remind(reminder: Reminder, mail: MailSession, claims: Claims, content: MailContent, config: PasswordExpiryConfig): Promise<ReminderOutcome> {
  if (reminder.blocked !== undefined) return outcome(reminder, "skipped", { reason: reminder.blocked });
  if (reminder.alreadySent) return outcome(reminder, "already sent");
  const to = reminder.to as string;
  const message = buildMessage(content, { ...reminder, to }, config.mailFrom, config.changeUrl);
  const result = await mail.send({
    recipients: [to],
    guard: { claim: () => claims.acquire(markerName(reminder), { subject: reminder.dn, note: markerNote(reminder) }) },
    logFields: { dn: reminder.dn, leadDays: reminder.leadDays },
    prepare: async () => ({ messages: [message] }),
  });
  return reportOf(reminder, result, message.subject);
}

/** Forgets the claims of passwords that expired before `today - 1`; returns how many. */
async function prune(claims: Claims, today: number): Promise<number> {
  const old: string[] = [];
  for await (const claim of claims.list()) {
    const day = expiryDayOfName(claim.key);
    if (day !== undefined && day < today - PRUNE_AFTER_DAYS) old.push(claim.key);
  }
  for (const key of old) await claims.forget(key);
  return old.length;
}

function summarise(reports: readonly ReminderReport[], durationMs: number): RunSummary {
  const count = (...statuses: ReminderReport["status"][]) => reports.filter((report) => statuses.includes(report.status)).length;
  const succeeded = count("sent", "would send");
  const failed = count("failed");
  return { eligible: reports.length, processed: succeeded + failed, succeeded, skipped: count("skipped", "already sent"), failed, durationMs: Math.round(durationMs) };
}

/** The run's answer: the plan's facts and every reminder's report (the host adds the summary). */
export const presentPasswordExpiry: TaskPresenter<ReminderReport, RunFacts> = {
  run: (report, { dryRun }) => ({
    dryRun,
    now: report.detail?.now,
    leadDays: report.detail?.leadDays,
    reminders: [...report.results.values()].map((result) => result.detail),
    counts: report.detail?.counts,
    markersPruned: report.detail?.markersPruned,
  }),
};

export const passwordExpiryTaskType = defineTaskType({
  segment: "passwordExpiry",
  description: "mail the password-expiry reminders due now (?dryRun=true for the plan)",
  deps: {
    outbox: services.outbox,
    claims: services.claims,
    directory: services.directory,
    clock: services.clock,
    settings: services.settings,
    config: pluginConfigRef(configSchema),
  },
  async run(run, { outbox, claims, directory, clock, settings, config }) {
    const started = performance.now();
    const plan = await new Planner(directory, config, settings.ldapBase, claims).plan(clock.now());
    const content = await loadContent(config, directory, settings.ldapBase);
    // Reminders are due on their own calendar, so the Mail task's interval gate does not apply; the cap does.
    return outbox.session(run, { enforceInterval: false }, async (mail) => {
      const results = new Map<string, ReminderOutcome>();
      // One after the other, most urgent first: when the cap is reached, those closest to expiry were served.
      for (const reminder of plan.reminders) results.set(markerName(reminder), await remind(reminder, mail, claims, content, config));
      const markersPruned = run.dryRun ? 0 : await prune(claims, plan.today);
      const reports = [...results.values()].map((result) => result.detail as ReminderReport);
      const detail: RunFacts = { now: plan.now.toISOString(), leadDays: plan.leadDays, counts: plan.counts, markersPruned };
      return { summary: summarise(reports, performance.now() - started), results, detail };
    });
  },
  present: presentPasswordExpiry,
});
