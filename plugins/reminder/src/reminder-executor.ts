import { MailTemplateCache, sendMessages, type MailTemplate } from "@fdo/fusiondirectory";
import {
  errorText,
  Injectable,
  LdapUnavailableError,
  TOKENS,
  isOrchestratorError,
  pluginConfigToken,
  type Directory,
  type HostSettings,
  type Logger,
  type MailAllowance,
  type MailBudget,
  type MailMessage,
  type Mailer,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  type TaskExecutor,
  type TaskRun,
  type TaskRunResult,
  type TaskRunner,
  type TaskStore,
} from "@fdo/sdk";
import { reminderConfig, type ReminderConfig } from "./config.js";
import { decide } from "./expiry.js";
import { buildMessages, reminderRecipients, userAddress } from "./message.js";
import { capReached, failed, nothing, planned, sent, type PlannedMail } from "./reports.js";
import { parseDays, readTaskConfig, type ReminderTaskConfig, type TaskConfigLookup } from "./task-config.js";
import { fusionDirectoryBaseUrl, prolongationLink, redactedLink, tokenBranch, tokenLifetimeDays } from "./token.js";
import { TokenKeeper, type TokenRequest, type WrittenToken } from "./token-keeper.js";

const DAY_SECONDS = 86_400;
/** What the decision and the mail need from the reminded user. */
const USER_ATTRIBUTES = ["uid", "mail", "supannRessourceEtat", "supannRessourceEtatDate", "shadowExpire"] as const;

/** The text of a prolongation subtask when FusionDirectory's URL is unknown (never a broken link). */
export const NO_FD_URL =
  "Prolongation link impossible: FusionDirectory's URL is unknown (set FUSIONDIRECTORY_WEBSERVICE_URL, or REMINDER_PROLONGATION_URL); reminder not sent";

/** The status of a due subtask whose user has no address (upstream mailed the literal recipient "FALSE"). */
export function noAddressError(userDn: string): string {
  return `No e-mail address for ${userDn} (no usable mail attribute): reminder not sent`;
}

const isUnavailable = (error: unknown) => isOrchestratorError(error) && error.code === LdapUnavailableError.code;

/** The services and settings one run uses. */
interface RunServices {
  readonly mailer: Mailer;
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
  readonly ldapBase: string;
  /** FusionDirectory's base URL for the link, `undefined` when unknown. */
  readonly fdBaseUrl: string | undefined;
  /** fdTimezone: "today" for the days-left count. */
  readonly timeZone: string;
  /** What the host does with "nothing to do" subtasks (status 3 or deletion), for the report's shape. */
  readonly nothingToDo: "status" | "delete";
}

/** A token to write for one reminder. */
interface TokenPlan {
  readonly dn: string;
  readonly branchDn: string;
  readonly baseUrl: string;
  readonly request: TokenRequest;
}

/** One PATCH /api/tasks/reminder: the allowance, and what was read so far (main tasks, templates, token branch). */
class ReminderRun {
  readonly #templates: MailTemplateCache;
  readonly #tasks = new Map<string, Promise<TaskConfigLookup>>();
  readonly #tokens: TokenKeeper;
  #tokenBranch: Promise<string> | undefined;

  constructor(
    private readonly services: RunServices,
    private readonly allowance: MailAllowance,
  ) {
    this.#templates = new MailTemplateCache(services.directory, services.ldapBase);
    this.#tokens = new TokenKeeper(services.directory);
  }

  async process(subtask: Subtask, context: SubtaskContext): Promise<SubtaskOutcome> {
    const dry = context.dryRun;
    const userDn = subtask.entry.first("fdTasksGranularDN")?.trim() ?? "";
    if (userDn === "") return failed(["No user to remind: fdTasksGranularDN is empty"], dry);
    const lookup = await this.#taskConfig(subtask.masterDn);
    if (!lookup.ok) return failed([lookup.error], dry);
    const task = lookup.config;
    // FD writes the first or second call as the helper; without one, the first call is what was meant.
    const helperDays = parseDays(subtask.entry.first("fdTasksGranularHelper")) ?? task.firstCall;
    if (helperDays === undefined) return failed(["No reminder window: fdTasksGranularHelper and fdTasksReminderFirstCall are missing or not a number of days"], dry);

    const user = await this.services.directory.read(userDn, USER_ATTRIBUTES);
    if (user === null) return failed([`User not found: ${userDn}`], dry);
    const verdict = decide(
      { supann: task.supann, posix: task.posix, helperDays },
      { supannRessourceEtat: user.values("supannRessourceEtat"), supannRessourceEtatDate: user.values("supannRessourceEtatDate"), shadowExpire: user.first("shadowExpire") },
      context.now,
      this.services.timeZone,
    );
    if (!verdict.due) return nothing(verdict.message, verdict.reason, this.services.nothingToDo, dry);

    const address = userAddress(user);
    if (address === undefined) return failed([noAddressError(userDn)], dry);
    const recipients = reminderRecipients(address, task.forward);
    const template = await this.#templates.get(task.template);
    if (!template.ok) return failed([template.error], dry);

    let tokenPlan: TokenPlan | undefined;
    if (task.prolongation) {
      const baseUrl = this.services.fdBaseUrl;
      if (baseUrl === undefined) return failed([NO_FD_URL], dry);
      const uid = user.first("uid")?.trim() ?? "";
      if (uid === "") return failed([`No prolongation token for ${userDn}: it has no uid, and FusionDirectory finds tokens by uid`], dry);
      const branchDn = await this.#tokenBranchDn();
      const expires = Math.floor(context.now.getTime() / 1000) + tokenLifetimeDays(helperDays, task.firstCall, task.secondCall) * DAY_SECONDS;
      tokenPlan = { dn: TokenKeeper.dnFor(uid, branchDn), branchDn, baseUrl, request: { uid, userDn, expires } };
    }

    // The cap counts every recipient; a reminder that does not fit whole stays due for the next run.
    if (!this.allowance.take(recipients.length)) return capReached(dry);

    if (dry) return this.#plan(verdict.reason, task, recipients, template.template, tokenPlan);
    if (tokenPlan === undefined) return this.#send(subtask, context, task, recipients, template.template, undefined);
    const plan = tokenPlan;
    return this.#tokens.exclusive(plan.dn, async () => {
      let written: WrittenToken;
      try {
        written = await this.#tokens.write(plan.dn, plan.branchDn, plan.request);
      } catch (error) {
        if (isUnavailable(error)) throw error;
        this.services.logger.warn("reminder token not saved", { dn: subtask.dn, tokenEntry: plan.dn, error: errorText(error) });
        return failed([`Token could not be saved: ${errorText(error)}`]);
      }
      // Nobody got the link (send failed, or the claim was lost before sending): put back what was there, the
      // previous token or no entry.
      const takeBack = async () => {
        try {
          await written.undo();
        } catch (error) {
          this.services.logger.error("reminder token of an unsent reminder could not be taken back", { dn: subtask.dn, tokenEntry: written.dn, error: errorText(error) });
        }
      };
      let outcome: SubtaskOutcome;
      try {
        outcome = await this.#send(subtask, context, task, recipients, template.template, { link: prolongationLink(plan.baseUrl, written.token, task.cn), written });
      } catch (error) {
        await takeBack();
        throw error;
      }
      if (outcome.kind === "failed") await takeBack();
      return outcome;
    });
  }

  async #plan(because: string, task: ReminderTaskConfig, recipients: readonly string[], template: MailTemplate, token: TokenPlan | undefined): Promise<SubtaskOutcome> {
    const link = token === undefined ? undefined : redactedLink(token.baseUrl, task.cn);
    const mails: PlannedMail[] = buildMessages(task.sender, recipients, template, link).map((message) => ({
      to: message.to.join(", "),
      subject: message.subject,
      attachments: (message.attachments ?? []).map((attachment) => attachment.filename),
    }));
    if (token === undefined || link === undefined) return planned(because, mails, undefined);
    const action = await this.#tokens.plan(token.dn, token.request);
    return planned(because, mails, { dn: token.dn, action, userDn: token.request.userDn, expires: token.request.expires, link });
  }

  async #send(
    subtask: Subtask,
    context: SubtaskContext,
    task: ReminderTaskConfig,
    recipients: readonly string[],
    template: MailTemplate,
    token: { readonly link: string; readonly written: WrittenToken } | undefined,
  ): Promise<SubtaskOutcome> {
    const { logger } = this.services;
    const messages: MailMessage[] = buildMessages(task.sender, recipients, template, token?.link);
    await context.markIrreversible();
    const { delivered, errors } = await sendMessages(this.services.mailer, messages, { signal: context.signal, logger, fields: { dn: subtask.dn } });
    const [firstError, ...otherErrors] = errors;
    if (delivered === 0) return failed([firstError ?? "No mail was sent", ...otherErrors]);
    let lastExecUpdated = true;
    try {
      await this.allowance.recordSent();
    } catch (error) {
      lastExecUpdated = false;
      logger.error("could not record the last mail time", { dn: subtask.dn, error: errorText(error) });
    }
    // Never the token or the link: the entry's DN tells an admin where it is.
    logger.info("reminder sent", { dn: subtask.dn, recipients: delivered, failures: errors.length, ...(token === undefined ? {} : { tokenEntry: token.written.dn, tokenAction: token.written.action }) });
    return sent({ lastExecUpdated, errors });
  }

  #taskConfig(masterDn: string): Promise<TaskConfigLookup> {
    let lookup = this.#tasks.get(masterDn);
    if (lookup === undefined) {
      lookup = this.services.tasks.readMainTask(masterDn).then((main) =>
        main === null ? { ok: false as const, error: `Main task not found: ${masterDn === "" ? "(fdTasksGranularMaster is empty)" : masterDn}` } : readTaskConfig(main.dn, main.cn, main.entry),
      );
      this.#tasks.set(masterDn, lookup);
    }
    return lookup;
  }

  /** `<fdReminderTokenRDN or ou=tokens>,<base>`, from FusionDirectory's configuration entry, read once. */
  #tokenBranchDn(): Promise<string> {
    this.#tokenBranch ??= this.services.directory
      .searchAll({ base: this.services.ldapBase, scope: "sub", filter: "(objectClass=fusionDirectoryConf)", attributes: ["fdReminderTokenRDN"], pageSize: 10 })
      .then((entries) => {
        const branch = tokenBranch(entries.find((entry) => entry.has("fdReminderTokenRDN"))?.first("fdReminderTokenRDN"));
        return this.services.ldapBase === "" ? branch : `${branch},${this.services.ldapBase}`;
      })
      .catch((error: unknown) => {
        this.#tokenBranch = undefined;
        throw error;
      });
    return this.#tokenBranch;
  }
}

/**
 * `PATCH /api/tasks/reminder`: account-expiry reminders of FusionDirectory 1.5 (`Reminder`) and 1.6 (`reminder`),
 * with FusionDirectory prolongation tokens, within the shared anti-spam cap.
 */
export class ReminderExecutor implements TaskExecutor {
  constructor(
    private readonly runner: TaskRunner,
    private readonly budget: MailBudget,
    private readonly mailer: Mailer,
    private readonly directory: Directory,
    private readonly tasks: TaskStore,
    private readonly settings: HostSettings,
    private readonly logger: Logger,
    private readonly config: ReminderConfig,
  ) {}

  async run(run: TaskRun): Promise<TaskRunResult> {
    // The interval gate is the Mail task's (see README): a reminder run right after a mail run must not be blocked.
    const allowance = await this.budget.open({ enforceInterval: false, dryRun: run.dryRun });
    const services: RunServices = {
      mailer: this.mailer,
      directory: this.directory,
      tasks: this.tasks,
      logger: this.logger,
      ldapBase: this.settings.ldapBase,
      fdBaseUrl: fusionDirectoryBaseUrl(this.config.prolongationUrl ?? this.settings.fusionDirectoryApiUrl),
      timeZone: await this.tasks.timeZone(),
      // Hosts built before the setting existed delete nothing: status 3.
      nothingToDo: this.settings.nothingToDo === "delete" ? "delete" : "status",
    };
    const reminderRun = new ReminderRun(services, allowance);
    return this.runner.forEachDue(run, (subtask, context) => reminderRun.process(subtask, context), { concurrency: this.config.concurrency });
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
  pluginConfigToken(reminderConfig),
)(ReminderExecutor);
