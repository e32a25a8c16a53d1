import { HostOutbox } from "@fdo/core";
import type { Logger, MailMessage, MailPlan, MailResult, MailSession, MailSessionOptions, Outbox, TaskRun, TaskRunReport } from "@fdo/sdk";
import { MemoryMailBudget } from "./memory-mail-budget.js";
import { RecordingMailer, type Refusal } from "./recording-mailer.js";
import { silentLogger } from "./silent-logger.js";

/**
 * Options of {@link mockServices}`.outbox()`.
 * @public
 */
export interface MockOutboxOptions {
  /** Recipients the anti-spam cap allows in all (default 50). */
  readonly cap?: number;
  /** Blocks every session that enforces the interval gate, with this text (upstream's `antiSpam` message). */
  readonly blocked?: string;
  /** Addresses the mail server refuses ({@link Refusal}). */
  readonly refuse?: Readonly<Record<string, Refusal>>;
  /** Where the outbox logs (default: nowhere). */
  readonly logger?: Logger;
}

/**
 * A plan the task type handed to its mail session, and what became of it.
 * @public
 */
export interface PlannedMail {
  readonly plan: MailPlan;
  readonly result: MailResult;
}

/**
 * The host's {@link Outbox} itself — the same send protocol: abort check, the cap counting every recipient, the dry
 * run, the guard's irreversible marker before the first byte, keeping or taking back what `prepare` wrote — over an
 * in-memory anti-spam budget ({@link MemoryMailBudget}) and mail server ({@link RecordingMailer}). It records every
 * plan with its result (`planned`, dry runs included) and every message sent (`sent`).
 *
 * @example
 * ```ts
 * const outbox = mockServices.outbox({ cap: 1 });
 * await taskType.run(mockServices.run(), { outbox, ... });
 * t.deepEqual(outbox.sent.map((message) => message.to), [["ann@example.org"]]);
 * t.deepEqual(outbox.planned.map((mail) => mail.result.kind), ["sent", "capReached"]);
 * ```
 * @public
 */
export class MockOutbox implements Outbox {
  readonly budget: MemoryMailBudget;
  readonly mailer: RecordingMailer;
  /** Every plan sent through a session, in order, with its result. */
  readonly planned: PlannedMail[] = [];
  readonly #outbox: HostOutbox;

  constructor(options: MockOutboxOptions = {}) {
    this.budget = new MemoryMailBudget(options.cap, options.blocked);
    this.mailer = new RecordingMailer(options.refuse);
    this.#outbox = new HostOutbox({ budget: this.budget, mailer: this.mailer, logger: options.logger ?? silentLogger });
  }

  /** The messages that went out, in order. */
  get sent(): readonly MailMessage[] {
    return this.mailer.sent;
  }

  session<D, R>(run: TaskRun, options: MailSessionOptions, work: (mail: MailSession) => Promise<TaskRunReport<D, R>>): Promise<TaskRunReport<D, R>> {
    return this.#outbox.session(run, options, (mail) =>
      work({
        send: async (plan) => {
          const result = await mail.send(plan);
          this.planned.push({ plan, result });
          return result;
        },
      }),
    );
  }

  remaining(): Promise<number> {
    return this.#outbox.remaining();
  }
}
