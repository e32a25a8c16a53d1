import { type MailTemplate, MailTemplateCache, TemplateMacroExpander } from "@fdo/fusiondirectory";
import {
  type Directory,
  defineTaskType,
  deliveryUnknownOutcome,
  dnKey,
  heldBackOutcome,
  type Logger,
  type MailSession,
  type PreparedMail,
  pluginConfigRef,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  services,
  subtaskServices,
  type TaskStore,
} from "@fdo/sdk";
import { reminderConfig } from "./config.js";
import { decide } from "./expiry.js";
import { buildMessages, reminderRecipients, userAddress } from "./message.js";
import { type PlannedMail, presentReminder, type ReminderDetail } from "./reports.js";
import { parseDays, type ReminderTaskConfig, readTaskConfig, type TaskConfigLookup } from "./task-config.js";
import { fusionDirectoryBaseUrl, prolongationLink, redactedLink, tokenBranch, tokenLifetimeDays } from "./token.js";
import { TokenKeeper, type TokenRequest, type WrittenToken } from "./token-keeper.js";

/** `fdTasksGranularType` written by FusionDirectory 1.5. */
export const FD15_REMINDER_TYPE = "Reminder";
/** `fdTasksGranularType` written by FusionDirectory 1.6. */
export const FD16_REMINDER_TYPE = "reminder";

const DAY_SECONDS = 86_400;
/** What the decision and the mail need from the reminded user. */
const USER_ATTRIBUTES = ["uid", "mail", "supannRessourceEtat", "supannRessourceEtatDate", "shadowExpire"] as const;

/** The text of a prolongation subtask when FusionDirectory's URL is unknown (never a broken link). */
export const NO_FD_URL = "Prolongation link impossible: FusionDirectory's URL is unknown (set FUSIONDIRECTORY_WEBSERVICE_URL, or REMINDER_PROLONGATION_URL); reminder not sent";

/** The status of a due subtask whose user has no address (upstream mailed the literal recipient "FALSE"). */
export function noAddressError(userDn: string): string {
  return `No e-mail address for ${userDn} (no usable mail attribute): reminder not sent`;
}

type ReminderOutcome = SubtaskOutcome<ReminderDetail>;

const failed = (errors: readonly [string, ...string[]]): ReminderOutcome => ({ kind: "failed", error: errors[0], detail: { kind: "failed", errors } });

/** A due reminder, ready to send. */
interface Due {
  readonly kind: "due";
  /** Its lead time (`fdTasksGranularHelper`): the smaller, the nearer the end. */
  readonly helperDays: number;
  send(): Promise<ReminderOutcome>;
}

/** What evaluating a subtask came to. */
type Evaluation = { readonly kind: "settled"; readonly outcome: ReminderOutcome } | Due;

const settled = (outcome: ReminderOutcome): Evaluation => ({ kind: "settled", outcome });

/** The upstream-style message of a reminder made redundant by a nearer one of the same user in the same run. */
export const SUPERSEDED_MESSAGE = "A nearer reminder of this user is due in the same run, nothing to process!";

/** The outcome of a due reminder whose user gets the nearer one instead (never two identical mails). */
export function supersededOutcome(helperDays: number, nearestDays: number, nearestDn: string): ReminderOutcome {
  const reason = `the ${nearestDays}-day reminder ${nearestDn} of the same user is due in the same run and takes the place of this ${helperDays}-day one`;
  return { kind: "nothing", reason, detail: { kind: "nothing", message: SUPERSEDED_MESSAGE, details: reason } };
}

/** The reminded user (`fdTasksGranularDN`), empty when the subtask names none. */
const userDnOf = (subtask: Subtask): string => subtask.entry.first("fdTasksGranularDN")?.trim() ?? "";

/** Reminders are claimed per user and main task, so the due reminders of one user are weighed together. */
export function reminderGroup(subtask: Subtask): string {
  return `${dnKey(subtask.masterDn)}\n${dnKey(subtask.entry.first("fdTasksGranularDN") ?? "")}`;
}

/** The services and settings one run uses. */
interface RunServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
  readonly ldapBase: string;
  /** FusionDirectory's base URL for the link, `undefined` when unknown. */
  readonly fdBaseUrl: string | undefined;
  /** fdTimezone: "today" for the days-left count. */
  readonly timeZone: string;
}

/** A template with each recipient's body (its macros applied), by address. */
type PersonalTemplate = MailTemplate & { readonly bodies: ReadonlyMap<string, string> };

/** A token to write for one reminder. */
interface TokenPlan {
  readonly dn: string;
  readonly branchDn: string;
  readonly baseUrl: string;
  readonly request: TokenRequest;
}

/** One PATCH /api/tasks/reminder: its mail session, and what was read so far (main tasks, templates, token branch). */
class ReminderRun {
  readonly #templates: MailTemplateCache;
  readonly #macros: TemplateMacroExpander;
  readonly #tasks = new Map<string, Promise<TaskConfigLookup>>();
  readonly #tokens: TokenKeeper;
  #tokenBranch: Promise<string> | undefined;

  constructor(
    private readonly services: RunServices,
    private readonly mail: MailSession,
  ) {
    this.#templates = new MailTemplateCache(services.directory, services.ldapBase);
    this.#macros = new TemplateMacroExpander(services.directory, services.ldapBase);
    this.#tokens = new TokenKeeper(services.directory);
  }

  /**
   * The reminders of one user under one main task, claimed together. When several are due in the same run (the
   * 30-day and the 15-day reminders after a pause), only the nearest lead time is sent; the others are settled
   * with a reason, unless that one is held back (then they stay due too and the next run decides again).
   */
  async processUser(subtasks: readonly Subtask[], context: SubtaskContext): Promise<Map<string, ReminderOutcome>> {
    const outcomes = new Map<string, ReminderOutcome>();
    const due: (Due & { readonly subtask: Subtask })[] = [];
    for (const subtask of subtasks) {
      const evaluation = await this.evaluate(subtask, context);
      if (evaluation.kind === "settled") outcomes.set(subtask.dn, evaluation.outcome);
      else due.push({ ...evaluation, subtask });
    }
    const [nearest, ...others] = due.sort((a, b) => a.helperDays - b.helperDays);
    if (nearest === undefined) return outcomes;
    const sent = await nearest.send();
    outcomes.set(nearest.subtask.dn, sent);
    // Settled even when the nearest one failed: restarting that one must not bring the duplicate back.
    for (const other of others) outcomes.set(other.subtask.dn, sent.kind === "skipped" ? sent : supersededOutcome(other.helperDays, nearest.helperDays, nearest.subtask.dn));
    return outcomes;
  }

  /** Whether a subtask is due; a settled outcome (nothing to do, or a failure) when it is not. */
  async evaluate(subtask: Subtask, context: SubtaskContext): Promise<Evaluation> {
    const userDn = userDnOf(subtask);
    if (userDn === "") return settled(failed(["No user to remind: fdTasksGranularDN is empty"]));
    const lookup = await this.#taskConfig(subtask.masterDn);
    if (!lookup.ok) return settled(failed([lookup.error]));
    const task = lookup.config;
    // FD writes the first or second call as the helper; without one, the first call is what was meant.
    const helperDays = parseDays(subtask.entry.first("fdTasksGranularHelper")) ?? task.firstCall;
    if (helperDays === undefined) return settled(failed(["No reminder window: fdTasksGranularHelper and fdTasksReminderFirstCall are missing or not a number of days"]));

    const user = await this.services.directory.read(userDn, USER_ATTRIBUTES);
    if (user === null) return settled(failed([`User not found: ${userDn}`]));
    const verdict = decide(
      { supann: task.supann, posix: task.posix, helperDays },
      { supannRessourceEtat: user.values("supannRessourceEtat"), supannRessourceEtatDate: user.values("supannRessourceEtatDate"), shadowExpire: user.first("shadowExpire") },
      context.now,
      this.services.timeZone,
    );
    if (!verdict.due) return settled({ kind: "nothing", reason: verdict.reason, detail: { kind: "nothing", message: verdict.message, details: verdict.reason } });

    const address = userAddress(user);
    if (address === undefined) return settled(failed([noAddressError(userDn)]));
    const recipients = reminderRecipients(address, task.forward);
    const template = await this.#templates.get(task.template);
    if (!template.ok) return settled(failed([template.error]));

    let tokenPlan: TokenPlan | undefined;
    if (task.prolongation) {
      const baseUrl = this.services.fdBaseUrl;
      if (baseUrl === undefined) return settled(failed([NO_FD_URL]));
      const uid = user.first("uid")?.trim() ?? "";
      if (uid === "") return settled(failed([`No prolongation token for ${userDn}: it has no uid, and FusionDirectory finds tokens by uid`]));
      const branchDn = await this.#tokenBranchDn();
      const expires = Math.floor(context.now.getTime() / 1000) + tokenLifetimeDays(helperDays, task.firstCall, task.secondCall) * DAY_SECONDS;
      tokenPlan = { dn: TokenKeeper.dnFor(uid, branchDn), branchDn, baseUrl, request: { uid, userDn, expires } };
    }

    // The reminded user's macros from their entry; a forward address's from whoever holds it (upstream's search).
    const bodies = new Map<string, string>();
    for (const recipient of recipients) bodies.set(recipient, await this.#macros.body(template.template, { address: recipient, dn: recipient === address ? userDn : undefined }));
    return { kind: "due", helperDays, send: () => this.#send(subtask, context, verdict.reason, task, recipients, { ...template.template, bodies }, tokenPlan) };
  }

  async #send(
    subtask: Subtask,
    context: SubtaskContext,
    because: string,
    task: ReminderTaskConfig,
    recipients: readonly string[],
    template: PersonalTemplate,
    tokenPlan: TokenPlan | undefined,
  ): Promise<ReminderOutcome> {
    const token: { written?: WrittenToken } = {};
    const result = await this.mail.send({
      recipients,
      guard: context,
      logFields: { dn: subtask.dn },
      prepare: () => this.#prepare(task, recipients, template, tokenPlan, token),
    });
    switch (result.kind) {
      case "wouldSend":
        return this.#plan(because, task, recipients, template, tokenPlan);
      case "unprepared":
        return failed([`Token could not be saved: ${result.error}`]);
      case "failed":
        return failed(result.errors);
      case "sent":
        // Never the token or the link: the entry's DN tells an admin where it is.
        this.services.logger.info("reminder sent", { dn: subtask.dn, ...(token.written === undefined ? {} : { tokenEntry: token.written.dn, tokenAction: token.written.action }) });
        return { kind: "done", detail: { kind: "sent", lastExecUpdated: result.lastExecUpdated, errors: result.errors }, executedFor: [userDnOf(subtask)] };
      default: {
        const held = heldBackOutcome(result);
        if (held !== undefined) return { ...held, detail: { kind: "heldBack", reason: held.reason } };
        return deliveryUnknownOutcome(result) ?? failed([`reminder not sent: ${result.kind}`]);
      }
    }
  }

  async #plan(because: string, task: ReminderTaskConfig, recipients: readonly string[], template: PersonalTemplate, token: TokenPlan | undefined): Promise<ReminderOutcome> {
    const link = token === undefined ? undefined : redactedLink(token.baseUrl, task.cn);
    const mails: PlannedMail[] = buildMessages(task.sender, recipients, template, link, template.bodies).map((message) => ({
      to: message.to.join(", "),
      subject: message.subject,
      attachments: (message.attachments ?? []).map((attachment) => attachment.filename),
    }));
    const planned =
      token === undefined || link === undefined
        ? undefined
        : { dn: token.dn, action: await this.#tokens.plan(token.dn, token.request), userDn: token.request.userDn, expires: token.request.expires, link };
    return { kind: "done", detail: { kind: "planned", because, mails, token: planned } };
  }

  /**
   * The messages, with the prolongation link when the task gives one: its token is written first, holding the token
   * entry so reminders of one user go one after the other, and taken back (the previous token, or no entry) when
   * nobody got the link.
   */
  async #prepare(task: ReminderTaskConfig, recipients: readonly string[], template: PersonalTemplate, plan: TokenPlan | undefined, token: { written?: WrittenToken }): Promise<PreparedMail> {
    if (plan === undefined) return { messages: buildMessages(task.sender, recipients, template, undefined, template.bodies) };
    const unlock = await this.#tokens.lock(plan.dn);
    let written: WrittenToken;
    try {
      written = await this.#tokens.write(plan.dn, plan.branchDn, plan.request);
    } catch (error) {
      unlock();
      throw error;
    }
    token.written = written;
    return {
      messages: buildMessages(task.sender, recipients, template, prolongationLink(plan.baseUrl, written.token, task.cn), template.bodies),
      keep: async () => unlock(),
      takeBack: async () => {
        try {
          await written.undo();
        } finally {
          unlock();
        }
      },
    };
  }

  #taskConfig(masterDn: string): Promise<TaskConfigLookup> {
    let lookup = this.#tasks.get(masterDn);
    if (lookup === undefined) {
      lookup = this.services.tasks
        .readMainTask(masterDn)
        .then((main) =>
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
export const reminderTaskType = defineTaskType({
  segment: "reminder",
  granularTypes: [FD15_REMINDER_TYPE, FD16_REMINDER_TYPE],
  description: "send the due account-expiry reminders (FD 1.5 'Reminder', FD 1.6 'reminder')",
  deps: { ...subtaskServices, outbox: services.outbox, config: pluginConfigRef(reminderConfig) },
  async run(run, { runner, outbox, directory, tasks, settings, logger, config }) {
    const runServices: RunServices = {
      directory,
      tasks,
      logger,
      ldapBase: settings.ldapBase,
      fdBaseUrl: fusionDirectoryBaseUrl(config.prolongationUrl ?? settings.fusionDirectoryApiUrl),
      timeZone: await tasks.timeZone(),
    };
    // The interval gate is the Mail task's (see README): a reminder run right after a mail run must not be blocked.
    return outbox.session(run, { enforceInterval: false }, (mail) => {
      const reminderRun = new ReminderRun(runServices, mail);
      return runner.forEachDueGroup(run, reminderGroup, (group, context) => reminderRun.processUser(group.subtasks, context), { concurrency: config.concurrency });
    });
  },
  present: presentReminder,
});
