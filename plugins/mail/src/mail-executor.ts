import { isAttributeName, isValidAddress, MailTemplateCache, TemplateMacroExpander } from "@fdo/fusiondirectory";
import {
  type Directory,
  defineTaskType,
  deliveryUnknownOutcome,
  heldBackOutcome,
  type Logger,
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
import { buildMessages, describeMessage } from "./build-message.js";
import { mailConfig } from "./config.js";
import { type MailDetail, presentMail, UNRESOLVED_STATUS } from "./reports.js";
import { DEFAULT_EMAIL_ATTRIBUTE, FD15_MAIL_TYPE, FD16_MAIL_TYPE, quote, type RecipientLookup, resolveRecipients } from "./resolve-recipients.js";

/** The services one run uses. */
interface RunServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
}

type MailOutcome = SubtaskOutcome<MailDetail>;

const failed = (errors: readonly [string, ...string[]]): MailOutcome => ({ kind: "failed", error: errors[0], detail: { kind: "failed", errors } });
/** The newest upstream's status for a recipient DN without an address; the report says which DN. */
const unresolved = (error: string): MailOutcome => ({ kind: "failed", error: UNRESOLVED_STATUS, detail: { kind: "unresolved", error } });

/** One PATCH /api/tasks/mail: the allowance, and the templates and main tasks read so far (each read once). */
class MailRun {
  readonly #templates: MailTemplateCache;
  readonly #macros: TemplateMacroExpander;
  readonly #mainTasks = new Map<string, Promise<MainTask | null>>();
  readonly #lookup: RecipientLookup;

  constructor(
    private readonly services: RunServices,
    private readonly mail: MailSession,
    base: string,
  ) {
    this.#templates = new MailTemplateCache(services.directory, base);
    this.#macros = new TemplateMacroExpander(services.directory, base);
    this.#lookup = {
      emailAttribute: (masterDn) => this.#emailAttribute(masterDn),
      readUser: (dn, attributes) => services.directory.read(dn, attributes),
    };
  }

  async process(subtask: Subtask, context: SubtaskContext): Promise<MailOutcome> {
    const { entry } = subtask;
    const from = entry.first("fdTasksGranularMailFrom")?.trim() ?? "";
    if (!isValidAddress(from)) return failed([`Invalid or missing sender (fdTasksGranularMailFrom): ${quote(from)}`]);
    const bccValue = entry.first("fdTasksGranularMailBCC")?.trim() ?? "";
    const bcc = bccValue === "" ? undefined : bccValue;
    if (bcc !== undefined && !isValidAddress(bcc)) return failed([`Invalid BCC address (fdTasksGranularMailBCC): ${quote(bcc)}`]);
    const templateName = entry.first("fdTasksGranularRef")?.trim() ?? "";
    if (templateName === "") return failed(["No mail template named (fdTasksGranularRef is empty)"]);

    const recipients = await resolveRecipients(subtask, this.#lookup);
    if (!recipients.ok) return recipients.unresolved === true ? unresolved(recipients.error) : failed([recipients.error]);
    const template = await this.#templates.get(templateName);
    if (!template.ok) return failed([template.error]);

    const { userDn } = recipients;
    const bodies = new Map<string, string>();
    for (const address of recipients.recipients) bodies.set(address, await this.#macros.body(template.template, { address, dn: userDn }));
    const messages = buildMessages({ from, bcc, recipients: recipients.recipients }, template.template, bodies);
    // One message per recipient: the cap counts them, and a subtask that does not fit whole stays due.
    const result = await this.mail.send({ recipients: recipients.recipients, guard: context, logFields: { dn: subtask.dn }, prepare: async () => ({ messages }) });
    switch (result.kind) {
      case "wouldSend":
        return { kind: "done", detail: { kind: "planned", mails: messages.map(describeMessage) } };
      case "failed":
        return failed(result.errors);
      case "sent":
        // Some recipients got the mail: done, so a re-run never sends it to them twice; the failures are reported.
        // An FD 1.6 recipient named by DN gets the task recorded on their entry.
        return { kind: "done", detail: { kind: "sent", lastExecUpdated: result.lastExecUpdated, errors: result.errors }, ...(userDn === undefined ? {} : { executedFor: [userDn] }) };
      default:
        return heldBackOutcome(result) ?? deliveryUnknownOutcome(result) ?? failed([`mail not sent: ${result.kind}`]);
    }
  }

  #emailAttribute(masterDn: string): Promise<string> {
    if (masterDn === "") return Promise.resolve(DEFAULT_EMAIL_ATTRIBUTE);
    let task = this.#mainTasks.get(masterDn);
    if (task === undefined) {
      task = this.services.tasks.readMainTask(masterDn);
      this.#mainTasks.set(masterDn, task);
    }
    return task.then((main) => {
      // fdTasksEmailAttribute (FD 1.6); FD 1.5 named the same choice fdTasksMailType.
      const named = main?.entry.first("fdTasksEmailAttribute")?.trim() || main?.entry.first("fdTasksMailType")?.trim();
      if (named === undefined || named === "") return DEFAULT_EMAIL_ATTRIBUTE;
      if (isAttributeName(named)) return named;
      this.services.logger.warn("main task names an invalid e-mail attribute; using mail", { dn: masterDn, attribute: named });
      return DEFAULT_EMAIL_ATTRIBUTE;
    });
  }
}

/**
 * `PATCH /api/tasks/mail`: sends the due mail subtasks of FusionDirectory 1.5 (`Mail Object`) and 1.6 (`mail`),
 * within the anti-spam allowance. The Mail task is the one that enforces the minimum interval between mail runs.
 */
export const mailTaskType = defineTaskType({
  segment: "mail",
  granularTypes: [FD15_MAIL_TYPE, FD16_MAIL_TYPE],
  description: "send the due mail subtasks (FD 1.5 'Mail Object', FD 1.6 'mail')",
  deps: { ...subtaskServices, outbox: services.outbox, config: pluginConfigRef(mailConfig) },
  run: (run, { runner, outbox, directory, tasks, settings, logger, config }) =>
    outbox.session(run, { enforceInterval: true }, (mail) => {
      const mailRun = new MailRun({ directory, tasks, logger }, mail, settings.ldapBase);
      // Nearly every due subtask sends: claimed straight into "sending", it costs two status writes, not three.
      return runner.forEachDue(run, (subtask, context) => mailRun.process(subtask, context), { concurrency: config.concurrency, claimIrreversible: true });
    }),
  present: presentMail,
});
