// PATCH /api/tasks/notifications: one digest mail per main task, for the due subtasks claimed together.

import { isValidAddress, type MailTemplate, MailTemplateCache, TemplateMacroExpander } from "@fdo/fusiondirectory";
import {
  type Directory,
  type DirectoryEntry,
  defineTaskType,
  deliveryUnknownOutcome,
  dnKey,
  errorText,
  type FusionDirectoryClient,
  heldBackOutcome,
  isOrchestratorError,
  LdapUnavailableError,
  type Logger,
  type MailMessage,
  type MailSession,
  type MainTask,
  pluginConfigRef,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  services,
  subtaskServices,
  type TaskStore,
} from "@fdo/sdk";
import { quoteValue } from "./audit-changes.js";
import { FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE } from "./audit-refs.js";
import { notificationsConfig } from "./config.js";
import { type DigestOptions, digestText, mergeByUser, type UserChanges } from "./digest.js";
import { AUDIT_EVENT_ATTRIBUTES, type Evaluation, evaluateSubtask } from "./evaluate.js";
import { type Monitoring, monitoringOf } from "./matching.js";
import { applyPostState, type PostStateResult, type PostStateRule, readPostState, subtaskPostState } from "./post-state.js";
import { emailAttributeOf, memberRecipients, type Recipients, staticRecipients } from "./recipients.js";
import { type NotificationDetail, type PlannedNotification, presentNotification } from "./reports.js";

/** Subtasks of one main task whose audit events are read at once. */
export const EVALUATION_PARALLELISM = 8;

/**
 * The group of a subtask: its main task, and its FusionDirectory generation (which decides the recipients).
 * FusionDirectory never mixes both types under one main task, so in practice this is "by main task".
 */
export function notificationGroup(subtask: Subtask): string {
  return `${subtask.type}\n${dnKey(subtask.masterDn)}`;
}

function isUnavailable(error: unknown): boolean {
  return isOrchestratorError(error) && error.code === LdapUnavailableError.code;
}

type NotificationOutcome = SubtaskOutcome<NotificationDetail>;

function failed(errors: readonly [string, ...string[]]): NotificationOutcome {
  return { kind: "failed", error: errors[0], detail: { kind: "failed", errors } };
}

/** Maps with at most `limit` calls in flight, results in input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, call: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await call(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Everything the mail of one main task needs, or why it cannot be sent. */
type Envelope =
  | { readonly ok: true; readonly from: string; readonly recipients: readonly string[]; readonly unresolved: readonly string[]; readonly template: MailTemplate }
  | { readonly ok: false; readonly error: string };

/** A subtask with something to report. */
interface Match {
  readonly subtask: Subtask;
  readonly changes: readonly UserChanges[];
  readonly missing: readonly string[];
}

/** The services one run uses. */
interface RunServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly fusionDirectory: FusionDirectoryClient;
  readonly logger: Logger;
}

/** The DNs of the users a subtask adds to its notification. */
const usersOf = (match: Match): string[] => mergeByUser(match.changes).map((user) => user.userDn);

/** One PATCH /api/tasks/notifications: its mail session, and the audit events and templates read so far (each once). */
class NotificationRun {
  readonly #templates: MailTemplateCache;
  readonly #macros: TemplateMacroExpander;

  constructor(
    private readonly services: RunServices,
    private readonly mail: MailSession,
    base: string,
    private readonly digest: DigestOptions,
  ) {
    this.#templates = new MailTemplateCache(services.directory, base);
    this.#macros = new TemplateMacroExpander(services.directory, base);
  }

  /** The subtasks of one main task, claimed together: evaluated, then at most one notification for the matches. */
  async process(subtasks: readonly Subtask[], context: SubtaskContext): Promise<Map<string, NotificationOutcome>> {
    const outcomes = new Map<string, NotificationOutcome>();
    const [first] = subtasks;
    if (first === undefined) return outcomes;
    const masterDn = first.masterDn.trim();
    const main = masterDn === "" ? null : await this.services.tasks.readMainTask(masterDn);
    if (main === null) {
      const error = masterDn === "" ? "No main task (fdTasksGranularMaster is empty)" : `Main task not found: ${masterDn}`;
      for (const subtask of subtasks) outcomes.set(subtask.dn, failed([error]));
      return outcomes;
    }

    const monitoring = monitoringOf(main.entry);
    // Events are read once per main task (subtasks may share one); nothing is kept once its group is settled.
    const events = new Map<string, Promise<DirectoryEntry | null>>();
    const evaluations = await mapBounded(subtasks, EVALUATION_PARALLELISM, (subtask) => this.#evaluate(subtask, monitoring, events));
    const matches: Match[] = [];
    for (const [index, evaluation] of evaluations.entries()) {
      const subtask = subtasks[index] as Subtask;
      if (evaluation.kind === "failed") outcomes.set(subtask.dn, failed([evaluation.error]));
      else if (evaluation.kind === "nothing") outcomes.set(subtask.dn, { kind: "nothing", reason: evaluation.reason, detail: { kind: "noMatch", reason: evaluation.reason } });
      else matches.push({ subtask, changes: evaluation.changes, missing: evaluation.missing });
    }
    if (matches.length === 0) return outcomes;

    const envelope = await this.#envelope(main, first.type);
    if (!envelope.ok) {
      for (const match of matches) outcomes.set(match.subtask.dn, failed([envelope.error]));
      return outcomes;
    }
    const postRule = readPostState(main.entry);
    const setAll = (outcome: (match: Match) => NotificationOutcome) => {
      for (const match of matches) outcomes.set(match.subtask.dn, outcome(match));
    };
    const result = await this.mail.send({
      recipients: envelope.recipients,
      guard: context,
      logFields: { mainTask: main.dn },
      prepare: async () => ({ messages: await this.#digestMessages(envelope, mergeByUser(matches.flatMap((match) => match.changes))) }),
    });
    switch (result.kind) {
      case "wouldSend": {
        const { template } = envelope;
        const mail: PlannedNotification = {
          mainTask: main.dn,
          from: envelope.from,
          to: envelope.recipients,
          subject: template.subject,
          attachments: template.attachments.map((attachment) => attachment.filename),
        };
        setAll((match) => ({
          kind: "done",
          detail: {
            kind: "planned",
            mail,
            users: mergeByUser(match.changes).map((user) => ({ dn: user.userDn, attributes: user.changes.map((change) => change.attribute) })),
            extra: { unresolved: envelope.unresolved, missing: match.missing, ...(postRule.kind === "none" ? {} : { postState: subtaskPostState(postRule, usersOf(match), undefined).report }) },
          },
        }));
        break;
      }
      case "failed":
        setAll(() => ({ kind: "failed", error: result.errors[0], detail: { kind: "mailFailed", errors: result.errors } }));
        break;
      case "sent": {
        this.services.logger.info("notification sent", { mainTask: main.dn, subtasks: matches.length });
        const applied = await this.#applyPostState(postRule, matches.flatMap(usersOf), main.dn);
        // Some recipients got it: done, so a re-run never sends it to them twice; the failures are reported. So is a
        // post-state FusionDirectory refused: a warning, since redoing the subtask would send the mail again.
        setAll((match) => {
          const executedFor = usersOf(match);
          const post = postRule.kind === "none" ? undefined : subtaskPostState(postRule, executedFor, applied);
          const detail = { kind: "sent", lastExecUpdated: result.lastExecUpdated, errors: result.errors, unresolved: envelope.unresolved, missing: match.missing } as const;
          return post === undefined
            ? { kind: "done", detail, executedFor }
            : { kind: "done", detail: { ...detail, postState: post.report }, executedFor, ...(post.warnings.length === 0 ? {} : { warnings: post.warnings }) };
        });
        break;
      }
      default: {
        const held = heldBackOutcome(result);
        const unknown = deliveryUnknownOutcome(result);
        setAll(() => (held !== undefined ? { ...held, detail: { kind: "heldBack", reason: held.reason } } : (unknown ?? failed([`notification not sent: ${result.kind}`]))));
      }
    }
    return outcomes;
  }

  /** Puts each user of a sent notification in the main task's post-state (FD 1.6), each user once: the results by DN. */
  async #applyPostState(rule: PostStateRule, userDns: readonly string[], mainTask: string): Promise<(dn: string) => PostStateResult | undefined> {
    const results = new Map<string, PostStateResult>();
    if (rule.kind === "target") {
      const unique = [...new Map(userDns.map((dn) => [dnKey(dn), dn])).values()];
      const applied = await mapBounded(unique, EVALUATION_PARALLELISM, (dn) => applyPostState(this.services.fusionDirectory, dn, rule.target));
      for (const [index, dn] of unique.entries()) {
        const result = applied[index] as PostStateResult;
        if (!result.ok) this.services.logger.warn("post-state not applied", { mainTask, dn, error: result.error });
        results.set(dnKey(dn), result);
      }
    }
    return (dn) => results.get(dnKey(dn));
  }

  /**
   * One SMTP transaction per recipient, as upstream's MailLib: recipients do not see each other. Each gets the
   * template's macros filled from their own entry.
   */
  async #digestMessages(envelope: Extract<Envelope, { ok: true }>, users: ReturnType<typeof mergeByUser>): Promise<MailMessage[]> {
    const { template } = envelope;
    const attachments = template.attachments.map((attachment) => ({ filename: attachment.filename, content: attachment.content }));
    const messages: MailMessage[] = [];
    for (const recipient of envelope.recipients) {
      const body = await this.#macros.body(template, { address: recipient });
      messages.push({
        from: envelope.from,
        to: [recipient],
        subject: template.subject,
        text: digestText({ body, signature: template.signature }, users, this.digest),
        ...(attachments.length === 0 ? {} : { attachments }),
        ...(template.readReceipt ? { headers: { "Disposition-Notification-To": envelope.from } } : {}),
      });
    }
    return messages;
  }

  async #evaluate(subtask: Subtask, monitoring: Monitoring, events: Map<string, Promise<DirectoryEntry | null>>): Promise<Evaluation> {
    try {
      return await evaluateSubtask(subtask, monitoring, (dn) => this.#readEvent(dn, events));
    } catch (error) {
      if (isUnavailable(error)) throw error;
      return { kind: "failed", error: `Cannot read the audit events: ${errorText(error)}` };
    }
  }

  #readEvent(dn: string, events: Map<string, Promise<DirectoryEntry | null>>): Promise<DirectoryEntry | null> {
    const key = dnKey(dn);
    let event = events.get(key);
    if (event === undefined) {
      event = this.services.directory.read(dn, AUDIT_EVENT_ATTRIBUTES);
      events.set(key, event);
    }
    return event;
  }

  /** Sender, recipients (FD 1.5 list or FD 1.6 members) and template of a main task. */
  async #envelope(main: MainTask, type: string): Promise<Envelope> {
    const { entry } = main;
    const from = entry.first("fdTasksNotificationsEmailSender")?.trim() ?? "";
    if (!isValidAddress(from)) return { ok: false, error: `Invalid or missing sender (fdTasksNotificationsEmailSender): ${quoteValue(from)}` };
    const templateName = entry.first("fdTasksNotificationsMailTemplate")?.trim() ?? "";
    if (templateName === "") return { ok: false, error: "No mail template named (fdTasksNotificationsMailTemplate is empty)" };

    let recipients: Recipients;
    try {
      recipients =
        type === FD16_NOTIFICATIONS_TYPE
          ? await memberRecipients(entry.values("fdTasksNotificationsRecipientsMembers"), emailAttributeOf(entry), (dn, attributes) => this.services.directory.read(dn, attributes))
          : staticRecipients(entry.values("fdTasksNotificationsListOfRecipientsMails"));
    } catch (error) {
      if (isUnavailable(error)) throw error;
      recipients = { ok: false, error: `Could not resolve emails for recipients: ${errorText(error)}` };
    }
    if (!recipients.ok) return { ok: false, error: recipients.error };
    if (recipients.unresolved.length > 0) this.services.logger.warn("notification recipients without an address", { mainTask: main.dn, unresolved: recipients.unresolved });

    const template = await this.#templates.get(templateName);
    if (!template.ok) return { ok: false, error: template.error };
    return { ok: true, from, recipients: recipients.recipients, unresolved: recipients.unresolved, template: template.template };
  }
}

/**
 * `PATCH /api/tasks/notifications`: for each main task with due subtasks (FD 1.5 `Notifications`, FD 1.6
 * `notifications`), claimed together, one digest mail listing every user and the monitored attributes that changed.
 */
export const notificationsTaskType = defineTaskType({
  segment: "notifications",
  granularTypes: [FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE],
  description: "send the due notification digests (FD 1.5 'Notifications', FD 1.6 'notifications'), one mail per main task",
  deps: { ...subtaskServices, outbox: services.outbox, fusionDirectory: services.fusionDirectory, config: pluginConfigRef(notificationsConfig) },
  // The minimum interval is the Mail task's gate, as upstream: enforced here, a notification run would block the
  // mail run cron starts right after it (and the other way round). The cap applies in full.
  run: (run, { runner, outbox, directory, tasks, fusionDirectory, settings, logger, config }) =>
    outbox.session(run, { enforceInterval: false }, (mail) => {
      const notificationRun = new NotificationRun({ directory, tasks, fusionDirectory, logger }, mail, settings.ldapBase, { includeValues: config.includeValues });
      return runner.forEachDueGroup(run, notificationGroup, (group, context) => notificationRun.process(group.subtasks, context), { concurrency: config.concurrency });
    }),
  present: presentNotification,
});
