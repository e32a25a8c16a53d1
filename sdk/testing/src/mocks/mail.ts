import type { MailAllowance, MailBudget, MailMessage, MailReceipt, Mailer } from "@fdo/sdk";

/**
 * A {@link MailBudget} in memory: a cap of `cap` recipients shared by every allowance it opens, an optional
 * `blocked` notice (the interval gate), and counters of what was taken, recorded and finished. It writes nothing
 * and ignores `enforceInterval` and `dryRun` beyond recording them in `opened`.
 * @public
 */
export class FakeBudget implements MailBudget {
  /** The options of every `open()`. */
  opened: Array<{ enforceInterval: boolean; dryRun: boolean }> = [];
  /** Recipients taken so far. */
  taken = 0;
  /** `recordSent()` calls. */
  recorded = 0;
  /** `finish()` calls. */
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
      take: (count) => {
        if (this.taken + count > this.cap) return false;
        this.taken += count;
        return true;
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

/**
 * How a {@link FakeMailer} treats one address: throw an error with this text (the server refused the message), or
 * report the address as rejected while accepting the message for the others.
 * @public
 */
export type FakeMailerRefusal = { readonly throw: string } | "rejected";

/**
 * A {@link Mailer} that keeps the messages it accepts in `sent`; `refuse` makes given addresses (`to` or `bcc`)
 * fail as described by {@link FakeMailerRefusal}. `verify()` always succeeds.
 * @public
 */
export class FakeMailer implements Mailer {
  /** Accepted messages, in order. */
  readonly sent: MailMessage[] = [];

  constructor(private readonly refuse: Readonly<Record<string, FakeMailerRefusal>> = {}) {}

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
