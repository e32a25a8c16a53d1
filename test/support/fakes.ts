// Test doubles for the repo's plugin unit tests: the shipped mocks of @fdo/testing, plus what needs the core's
// internals (the HTTP presenters, the host's Outbox over a fake budget and mailer).
import type { Logger, MailMessage, TaskRun, TaskTypeDefinition } from "@fdo/sdk";
import { silentLogger, type FakeRunner } from "@fdo/testing";
import { runBody } from "../../core/src/http/presenters/run-body.js";
import { HostOutbox } from "../../core/src/mail/host-outbox.js";
import type { MailAllowance } from "../../core/src/mail/mail-budget.js";
import type { MailReceipt } from "../../core/src/mail/mailer.js";

export { FakeDirectory, FakeRunner, asDirectory, fakeEntry, fakeRun, fakeSubtask, shown, silentLogger, type Attributes, type ShownOutcome } from "@fdo/testing";

/**
 * A task type bound to its services, run as its tests look at it: `{ body }` with upstream's `{antiSpam}` for a blocked
 * run, else every subtask's report as the {@link FakeRunner} recorded it.
 */
export function boundTaskType(taskType: TaskTypeDefinition, deps: Readonly<Record<string, unknown>>, runner: FakeRunner) {
  return {
    async run(run: TaskRun): Promise<{ body: unknown }> {
      const report = await taskType.run(run, deps);
      return { body: report.blocked === undefined ? runner.body() : runBody(taskType, report, { segment: run.segment, dryRun: run.dryRun, nothingToDo: "status" }) };
    },
  };
}

/** The host's Outbox over a fake budget and mailer. */
export function fakeOutbox(budget: FakeBudget, mailer: FakeMailer, logger: Logger = silentLogger): HostOutbox {
  return new HostOutbox({ budget, mailer, logger });
}

/** The anti-spam budget behind the Outbox, counting what the tests check. */
export class FakeBudget {
  opened: Array<{ enforceInterval: boolean; dryRun: boolean }> = [];
  taken = 0;
  recorded = 0;
  finished = 0;
  constructor(
    private readonly cap = 50,
    private readonly blocked: string | undefined = undefined,
  ) {}

  async open(options: { enforceInterval: boolean; dryRun: boolean }): Promise<MailAllowance> {
    this.opened.push(options);
    return {
      blocked: this.blocked,
      remaining: () => this.cap - this.taken,
      take: async (count) => {
        if (this.taken + count > this.cap) return false;
        this.taken += count;
        return true;
      },
      giveBack: async (count) => {
        this.taken -= count;
      },
      recordSent: async () => {
        this.recorded += 1;
      },
      finish: async () => {
        this.finished += 1;
      },
    };
  }
}

/** A mailer that records messages; `refuse` maps an address to a thrown error text or to a silent rejection. */
export class FakeMailer {
  readonly sent: MailMessage[] = [];
  constructor(private readonly refuse: Readonly<Record<string, { throw: string } | "rejected">> = {}) {}

  async send(message: MailMessage): Promise<MailReceipt> {
    const all = [...message.to, ...(message.bcc ?? [])];
    const rejected: string[] = [];
    for (const address of all) {
      const rule = this.refuse[address];
      if (rule === "rejected") rejected.push(address);
      else if (rule !== undefined) throw new Error(rule.throw);
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>`, accepted: all.filter((address) => !rejected.includes(address)), rejected };
  }

  async verify(): Promise<void> {}
}

