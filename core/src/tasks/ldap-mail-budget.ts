import { formatGeneralizedTime, parseGeneralizedTime } from "@fdo/fusiondirectory";
import { type Clock, type Directory, type DirectoryEntry, isOrchestratorError, LdapConflictError, type Logger } from "@fdo/sdk";
import type { MailAllowance, MailBudget } from "../mail/mail-budget.js";
import type { SharedMailWindow, WindowMembership } from "./shared-mail-window.js";

/** Upstream's default when fdTasksConfMaxEmails is absent. */
const DEFAULT_MAX_MAILS = 50;
const LAST_EXEC = "fdTasksConfLastExecTime";

interface BudgetConfig {
  readonly dn: string | undefined;
  readonly maxMails: number;
  readonly intervalMinutes: number;
  /** As stored: FD 1.5 Unix seconds or FD 1.6 GeneralizedTime. */
  readonly lastExecRaw: string | undefined;
  readonly lastExec: Date | undefined;
  /** Whether last-exec times are written as GeneralizedTime rather than Unix seconds. */
  readonly generalizedTime: boolean;
}

/** The format found wins; with no value yet, FD 1.6's GeneralizedTime on an FD 1.6 directory, else FD 1.5's Unix seconds. */
function readConfig(entry: DirectoryEntry | undefined, fd16Directory: boolean): BudgetConfig {
  const integer = (name: string, fallback: number): number => {
    const value = Number(entry?.first(name));
    return Number.isInteger(value) && value >= 0 ? value : fallback;
  };
  const raw = entry?.first(LAST_EXEC);
  const lastExec = raw === undefined ? undefined : /^\d+$/.test(raw) ? new Date(Number(raw) * 1000) : parseGeneralizedTime(raw);
  const generalizedTime = raw === undefined ? fd16Directory : !/^\d+$/.test(raw);
  return { dn: entry?.dn, maxMails: integer("fdTasksConfMaxEmails", DEFAULT_MAX_MAILS), intervalMinutes: integer("fdTasksConfIntervalEmails", 0), lastExecRaw: raw, lastExec, generalizedTime };
}

/** Writes an instant in the directory's format for it. */
function formatLike(config: BudgetConfig, instant: Date): string {
  return config.generalizedTime ? formatGeneralizedTime(instant) : String(Math.floor(instant.getTime() / 1000));
}

/**
 * Anti-spam accounting from FusionDirectory's `fdTasksConf`: at most `fdTasksConfMaxEmails` mails, counting every
 * recipient, per window shared by every run and instance (overlapping runs and, once a run enforcing the interval
 * opened it, at least `fdTasksConfIntervalEmails` minutes: see {@link SharedMailWindow}); no run that enforces the interval before `fdTasksConfLastExecTime +
 * fdTasksConfIntervalEmails` minutes. A run that passes the interval gate stamps the last-exec time with a
 * compare-and-swap first, so two instances starting together cannot both pass it.
 */
export class LdapMailBudget implements MailBudget {
  constructor(
    private readonly directory: Directory,
    private readonly ldapBase: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly window: SharedMailWindow,
    /** True on an FD 1.6 directory (see `Fd16Writes.generalizedTime`). */
    private readonly fd16Directory: () => Promise<boolean>,
  ) {}

  async open(options: { readonly enforceInterval: boolean; readonly dryRun: boolean }): Promise<MailAllowance> {
    const [entry] = await this.directory.searchAll({
      base: this.ldapBase,
      filter: "(objectClass=fdTasksConf)",
      attributes: ["fdTasksConfMaxEmails", "fdTasksConfIntervalEmails", LAST_EXEC],
      pageSize: 1,
    });
    const config = readConfig(entry, entry?.has(LAST_EXEC) === false && (await this.fd16Directory()));
    const now = this.clock.now();
    let blocked: string | undefined;
    let stamped: string | undefined;
    if (options.enforceInterval && config.intervalMinutes > 0 && config.lastExec !== undefined) {
      const nextRun = config.lastExec.getTime() + config.intervalMinutes * 60_000;
      if (nextRun > now.getTime()) blocked = `Anti-spam protection active, skipping mail tasks. Last exec=${config.lastExecRaw ?? ""}, interval=${config.intervalMinutes}min`;
      else if (!options.dryRun) {
        stamped = formatLike(config, now);
        if (!(await this.#stamp(config, config.lastExecRaw, now))) blocked = "Anti-spam protection active, skipping mail tasks: another run started at the same time";
      }
    }
    const write = async (value: string): Promise<void> => {
      if (config.dn !== undefined) await this.directory.modify(config.dn, [{ operation: "replace", attribute: LAST_EXEC, values: [value] }]);
    };
    // Puts the last-exec time back when this run stamped it and sent nothing (and nobody changed it since).
    const unstamp = async (): Promise<void> => {
      if (blocked !== undefined || stamped === undefined || config.dn === undefined || config.lastExecRaw === undefined || stamped === config.lastExecRaw) return;
      try {
        await this.directory.modify(config.dn, [
          { operation: "delete", attribute: LAST_EXEC, values: [stamped] },
          { operation: "add", attribute: LAST_EXEC, values: [config.lastExecRaw] },
        ]);
      } catch (error) {
        if (!(isOrchestratorError(error) && error.code === LdapConflictError.code)) throw error;
      }
    };
    const share: Share =
      blocked !== undefined
        ? { kind: "none" }
        : options.dryRun
          ? { kind: "preview", usedByOthers: await this.window.peek() }
          : { kind: "member", membership: await this.window.join(options.enforceInterval ? config.intervalMinutes : 0) };
    return new Allowance(config, blocked, share, write, unstamp, this.clock, options.enforceInterval);
  }

  /** Sets the last-exec time, expecting `previous`; false when someone else changed it first. */
  async #stamp(config: BudgetConfig, previous: string | undefined, instant: Date): Promise<boolean> {
    if (config.dn === undefined) return true;
    const next = formatLike(config, instant);
    if (next === previous) return true;
    try {
      await this.directory.modify(config.dn, [
        ...(previous === undefined ? [] : [{ operation: "delete" as const, attribute: LAST_EXEC, values: [previous] }]),
        { operation: "add", attribute: LAST_EXEC, values: [next] },
      ]);
      return true;
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapConflictError.code) return false;
      this.logger.warn("cannot update fdTasksConfLastExecTime", { err: error });
      throw error;
    }
  }
}

/** A run's part in the shared window: none (blocked), a dry run's read-only preview, or a member taking from it. */
type Share = { readonly kind: "none" } | { readonly kind: "preview"; readonly usedByOthers: number } | { readonly kind: "member"; readonly membership: WindowMembership };

class Allowance implements MailAllowance {
  /** A dry run's own reservations, on top of what the window held when it opened. */
  #previewed = 0;
  #lastWritten: string | undefined;

  constructor(
    private readonly config: BudgetConfig,
    readonly blocked: string | undefined,
    private readonly share: Share,
    private readonly write: (value: string) => Promise<void>,
    private readonly unstamp: () => Promise<void>,
    private readonly clock: Clock,
    /** Only runs that obey the interval (Mail) stamp the time it is measured from. */
    private readonly stampsLastExec: boolean,
  ) {}

  async finish(): Promise<void> {
    if (this.share.kind !== "member") return;
    try {
      await this.share.membership.leave();
    } finally {
      if (this.#lastWritten === undefined) await this.unstamp();
    }
  }

  remaining(): number {
    if (this.share.kind === "none") return 0;
    const used = this.share.kind === "member" ? this.share.membership.used() : this.share.usedByOthers + this.#previewed;
    return Math.max(0, this.config.maxMails - used);
  }

  async take(recipients: number): Promise<boolean> {
    if (this.share.kind === "member") return this.share.membership.take(recipients, this.config.maxMails);
    if (this.share.kind === "none" || recipients > this.remaining()) return false;
    this.#previewed += recipients;
    return true;
  }

  async giveBack(recipients: number): Promise<void> {
    if (this.share.kind === "member") await this.share.membership.giveBack(recipients);
    else this.#previewed = Math.max(0, this.#previewed - recipients);
  }

  async recordSent(): Promise<boolean> {
    if (this.share.kind !== "member" || !this.stampsLastExec) return false;
    // After the start gate the value is only informative, so a plain replace is enough; at most one write per
    // second, or a run sending thousands of mails would write thousands of timestamps.
    const next = formatLike(this.config, this.clock.now());
    if (next === this.#lastWritten) return true;
    this.#lastWritten = next;
    await this.write(next);
    return true;
  }
}
