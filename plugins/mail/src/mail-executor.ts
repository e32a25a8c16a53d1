import {
  MailTemplateCache,
  sendMessages,
  isAttributeName,
  isValidAddress,
} from "@fdo/fusiondirectory";
import {
  errorText,
  Injectable,
  pluginConfigToken,
  TOKENS,
  type Directory,
  type HostSettings,
  type Logger,
  type MailAllowance,
  type MailBudget,
  type Mailer,
  type MainTask,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  type TaskExecutor,
  type TaskRun,
  type TaskRunResult,
  type TaskRunner,
  type TaskStore,
} from "@fdo/sdk";
import { buildMessages, describeMessage } from "./build-message.js";
import { mailConfig, type MailConfig } from "./config.js";
import { capReached, failed, planned, sent } from "./reports.js";
import { DEFAULT_EMAIL_ATTRIBUTE, quote, resolveRecipients, type RecipientLookup } from "./resolve-recipients.js";



/** The services one run uses. */
interface RunServices {
  readonly mailer: Mailer;
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
}

/** One PATCH /api/tasks/mail: the allowance, and the templates and main tasks read so far (each read once). */
class MailRun {
  readonly #templates: MailTemplateCache;
  readonly #mainTasks = new Map<string, Promise<MainTask | null>>();
  readonly #lookup: RecipientLookup;

  constructor(
    private readonly services: RunServices,
    private readonly allowance: MailAllowance,
    base: string,
  ) {
    this.#templates = new MailTemplateCache(services.directory, base);
    this.#lookup = {
      emailAttribute: (masterDn) => this.#emailAttribute(masterDn),
      readUser: (dn, attributes) => services.directory.read(dn, attributes),
    };
  }

  async process(subtask: Subtask, context: SubtaskContext): Promise<SubtaskOutcome> {
    const { entry } = subtask;
    const from = entry.first("fdTasksGranularMailFrom")?.trim() ?? "";
    if (!isValidAddress(from)) return failed([`Invalid or missing sender (fdTasksGranularMailFrom): ${quote(from)}`]);
    const bccValue = entry.first("fdTasksGranularMailBCC")?.trim() ?? "";
    const bcc = bccValue === "" ? undefined : bccValue;
    if (bcc !== undefined && !isValidAddress(bcc)) return failed([`Invalid BCC address (fdTasksGranularMailBCC): ${quote(bcc)}`]);
    const templateName = entry.first("fdTasksGranularRef")?.trim() ?? "";
    if (templateName === "") return failed(["No mail template named (fdTasksGranularRef is empty)"]);

    const recipients = await resolveRecipients(subtask, this.#lookup);
    if (!recipients.ok) return failed([recipients.error]);
    const template = await this.#templates.get(templateName);
    if (!template.ok) return failed([template.error]);

    const messages = buildMessages({ from, bcc, recipients: recipients.recipients }, template.template);
    // The cap counts messages; a subtask that does not fit whole stays due for the next run.
    if (!this.allowance.take(messages.length)) return capReached();
    if (context.dryRun) return planned(messages.map(describeMessage));

    await context.markIrreversible();
    const { delivered, errors } = await sendMessages(this.services.mailer, messages, { signal: context.signal, logger: this.services.logger, fields: { dn: subtask.dn } });
    if (errors.length > 0) this.services.logger.warn("mail subtask had failures", { dn: subtask.dn, delivered, errors });

    const [firstError, ...otherErrors] = errors;
    if (delivered === 0) return failed([firstError ?? "No mail was sent", ...otherErrors]);
    let lastExecUpdated = true;
    try {
      await this.allowance.recordSent();
    } catch (error) {
      lastExecUpdated = false;
      this.services.logger.error("could not record the last mail time", { dn: subtask.dn, error: errorText(error) });
    }
    // Some recipients got the mail: done, so a re-run never sends it to them twice; the failures are reported.
    return sent(subtask.dn, { lastExecUpdated, errors });
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
 * within the anti-spam allowance.
 */
export class MailExecutor implements TaskExecutor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly budget: MailBudget,
    private readonly mailer: Mailer,
    private readonly directory: Directory,
    private readonly tasks: TaskStore,
    private readonly settings: HostSettings,
    private readonly logger: Logger,
    private readonly config: MailConfig,
  ) {}

  async run(run: TaskRun): Promise<TaskRunResult> {
    const allowance = await this.budget.open({ enforceInterval: true, dryRun: run.dryRun });
    if (allowance.blocked !== undefined) {
      this.logger.warn("anti-spam protection active, no mail sent", { reason: allowance.blocked, requestId: run.requestId });
      return { body: { antiSpam: allowance.blocked } };
    }
    const services: RunServices = { mailer: this.mailer, directory: this.directory, tasks: this.tasks, logger: this.logger };
    const mailRun = new MailRun(services, allowance, this.settings.ldapBase);
    try {
      return await this.runner.forEachDue(run, (subtask, context) => mailRun.process(subtask, context), { concurrency: this.config.concurrency });
    } finally {
      await allowance.finish();
    }
  }
}
Injectable(
  TOKENS.TaskRunner,
  TOKENS.MailBudget,
  TOKENS.Mailer,
  TOKENS.Directory,
  TOKENS.TaskStore,
  TOKENS.Settings,
  TOKENS.Logger,
  pluginConfigToken(mailConfig),
)(MailExecutor);
