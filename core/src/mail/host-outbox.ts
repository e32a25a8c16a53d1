import {
  type Claim,
  errorText,
  isOrchestratorError,
  LdapUnavailableError,
  type LogFields,
  type Logger,
  type MailGuard,
  type MailPlan,
  type MailResult,
  type MailSession,
  type MailSessionOptions,
  type Outbox,
  type PreparedMail,
  type TaskRun,
  type TaskRunReport,
} from "@fdo/sdk";
import { deliverMessages, type MessageDelivery, type TransientRetry } from "./deliver-messages.js";
import type { MailAllowance, MailBudget } from "./mail-budget.js";
import type { Mailer } from "./mailer.js";

export interface OutboxServices {
  readonly budget: MailBudget;
  readonly mailer: Mailer;
  /** The plugin's logger: every line names the plugin and the plan's fields. */
  readonly logger: Logger;
  /** How a message refused for now (SMTP 4xx) is retried within the run; the default waits a few seconds at most. */
  readonly retry?: TransientRetry;
  /** Told of every mail sent (to at least one recipient), for the metrics. */
  readonly onSent?: () => void;
}

const isLostDirectory = (error: unknown): boolean => isOrchestratorError(error) && error.code === LdapUnavailableError.code;

function blockedReport<D, R>(message: string): TaskRunReport<D, R> {
  return { summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, unknown: 0, durationMs: 0 }, results: new Map(), blocked: { kind: "antiSpam", message } };
}

/** The claim of a claim-guarded plan, `null` when another run has the key; `undefined` for a subtask guard. */
async function claimOf(guard: MailGuard): Promise<Claim | null | undefined> {
  return "claim" in guard ? ((await guard.claim()) ?? null) : undefined;
}

/** One run's sends: they share the run's allowance. */
class Session implements MailSession {
  constructor(
    private readonly run: TaskRun,
    private readonly allowance: MailAllowance,
    private readonly services: OutboxServices,
  ) {}

  async send(plan: MailPlan): Promise<MailResult> {
    const { logger } = this.services;
    const fields = plan.logFields ?? {};
    if (this.run.signal.aborted) return { kind: "aborted" };
    const count = plan.recipients.length;
    // Every recipient counts, and a plan that does not fit whole waits for the next run.
    if (!(await this.allowance.take(count))) {
      logger.info("mail held back by the anti-spam cap", { ...fields, recipients: count, remaining: this.allowance.remaining() });
      return { kind: "capReached" };
    }
    if (this.run.dryRun) return { kind: "wouldSend" };
    const claim = await claimOf(plan.guard);
    if (claim === null) {
      await this.allowance.giveBack(count);
      return { kind: "claimedElsewhere" };
    }
    let prepared: PreparedMail;
    try {
      prepared = await plan.prepare();
    } catch (error) {
      await this.#bookkeeping("could not release the claim of an unprepared mail", fields, () => claim?.release());
      if (isLostDirectory(error)) throw error;
      logger.warn("mail not prepared", { ...fields, error: errorText(error) });
      return { kind: "unprepared", error: errorText(error) };
    }
    return this.#deliver(plan, prepared, claim, fields);
  }

  async #deliver(plan: MailPlan, prepared: PreparedMail, claim: Claim | undefined, fields: LogFields): Promise<MailResult> {
    const { logger, mailer, retry } = this.services;
    let delivery: MessageDelivery;
    try {
      // Before the first byte: from here on, a process that dies is never run again for this work.
      await (claim ?? (plan.guard as { readonly markIrreversible: () => Promise<void> })).markIrreversible();
      delivery = await deliverMessages(mailer, prepared.messages, { signal: this.run.signal, logger, fields, ...(retry === undefined ? {} : { retry }) });
    } catch (error) {
      await this.#undo(prepared, claim, fields);
      throw error;
    }
    const { delivered, errors } = delivery;
    if (errors.length > 0) logger.warn("mail had failures", { ...fields, delivered, errors });
    const [firstError, ...otherErrors] = errors;
    if (delivered === 0 && delivery.unknown > 0) {
      // It may have arrived: what prepare wrote is kept (a link must work) and the claim stays irreversible.
      await this.#bookkeeping("could not keep what a mail of unknown delivery needed", fields, () => prepared.keep?.());
      return { kind: "unknown", error: firstError ?? "delivery unknown" };
    }
    if (delivered === 0) {
      await this.#undo(prepared, claim, fields);
      const replies: [string, ...string[]] = [firstError ?? "No mail was sent", ...otherErrors];
      return delivery.transient ? { kind: "deferred", errors: replies } : { kind: "failed", errors: replies };
    }
    // Someone got it: whatever follows is bookkeeping, and its failures never turn into a second send.
    await this.#bookkeeping("could not keep what the mail needed", fields, () => prepared.keep?.());
    await this.#bookkeeping("could not complete the claim of a sent mail", fields, () => claim?.complete());
    let lastExecUpdated = false;
    try {
      lastExecUpdated = await this.allowance.recordSent();
    } catch (error) {
      logger.error("could not record the last mail time", { ...fields, error: errorText(error) });
    }
    logger.info("mail sent", { ...fields, recipients: delivered, failures: errors.length });
    this.services.onSent?.();
    return { kind: "sent", delivered, errors, lastExecUpdated };
  }

  /** Nobody got the mail: what `prepare` wrote is taken back and the claim given back, so a later run may retry. */
  async #undo(prepared: PreparedMail, claim: Claim | undefined, fields: LogFields): Promise<void> {
    await this.#bookkeeping("could not take back what an unsent mail needed", fields, () => prepared.takeBack?.());
    await this.#bookkeeping("could not release the claim of an unsent mail", fields, () => claim?.release());
  }

  async #bookkeeping(failure: string, fields: LogFields, step: () => Promise<void> | undefined): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.services.logger.error(failure, { ...fields, error: errorText(error) });
    }
  }
}

/**
 * The {@link Outbox}: the one implementation of the send protocol, over the shared anti-spam budget and the pooled
 * mailer. One instance per plugin (for its logger); the budget and the mailer are the host's.
 */
export class HostOutbox implements Outbox {
  constructor(private readonly services: OutboxServices) {}

  async session<D, R>(run: TaskRun, options: MailSessionOptions, work: (mail: MailSession) => Promise<TaskRunReport<D, R>>): Promise<TaskRunReport<D, R>> {
    const allowance = await this.services.budget.open({ enforceInterval: options.enforceInterval, dryRun: run.dryRun });
    if (allowance.blocked !== undefined) {
      this.services.logger.warn("anti-spam protection active, no mail sent", { reason: allowance.blocked, requestId: run.requestId });
      return blockedReport(allowance.blocked);
    }
    try {
      return await work(new Session(run, allowance, this.services));
    } finally {
      await allowance.finish();
    }
  }

  async remaining(): Promise<number> {
    return (await this.services.budget.open({ enforceInterval: false, dryRun: true })).remaining();
  }
}
