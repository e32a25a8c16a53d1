import type { MailAllowance, MailBudget } from "@fdo/core";

/**
 * FusionDirectory's anti-spam allowance in memory, behind {@link MockOutbox}: `cap` recipients in all (shared by
 * every session, as the directory's `fdTasksConfMaxEmails` is per run and the tests usually make one), or no mail at
 * all while `blocked` (the interval gate's text, e.g. upstream's "Please wait ..."). Counts what tests check.
 * @public
 */
export class MemoryMailBudget implements MailBudget {
  /** Every session opened, with its options. */
  readonly opened: Array<{ readonly enforceInterval: boolean; readonly dryRun: boolean }> = [];
  /** Recipients reserved and not given back. */
  taken = 0;
  /** Sent mails recorded as FusionDirectory's last mail time (sessions enforcing the interval only, as the host). */
  recorded = 0;
  /** Sessions ended. */
  finished = 0;

  constructor(
    private readonly cap = 50,
    /** When set, every session opened with `enforceInterval` is blocked with this text. */
    private readonly blocked: string | undefined = undefined,
  ) {}

  async open(options: { readonly enforceInterval: boolean; readonly dryRun: boolean }): Promise<MailAllowance> {
    this.opened.push(options);
    return {
      blocked: options.enforceInterval ? this.blocked : undefined,
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
        if (options.enforceInterval) this.recorded += 1;
        return options.enforceInterval;
      },
      finish: async () => {
        this.finished += 1;
      },
    };
  }
}
