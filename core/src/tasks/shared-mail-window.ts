import { type Clock, childDn, type Directory, isOrchestratorError, LdapAlreadyExistsError, LdapConflictError, LdapNoSuchObjectError } from "@fdo/sdk";
import { ensureOuBranch } from "../ldap/ensure-ou-branch.js";
import { ReservingMembership } from "./reserving-membership.js";

const hasCode = (error: unknown, code: string): boolean => isOrchestratorError(error) && error.code === code;
const STATE = /^anti-spam window used=(\d+) runs=(\d+) end=(\d+) lease=(\d+)$/;
const ENTRY_CN = "anti-spam-window";
// Each lost compare-and-swap means another run moved the window; this many in a row means something is wrong.
const MAX_SWAPS = 50;

/**
 * The anti-spam window every run shares: recipients taken in it, runs inside it, when it ends (`last start +
 * fdTasksConfIntervalEmails`) and until when the runs inside are trusted to be alive (a run that died never leaves).
 */
interface WindowState {
  readonly used: number;
  readonly runs: number;
  /** Unix seconds. */
  readonly end: number;
  /** Unix seconds. */
  readonly lease: number;
}

const format = (state: WindowState): string => `anti-spam window used=${state.used} runs=${state.runs} end=${state.end} lease=${state.lease}`;

function parse(value: string | undefined): WindowState | undefined {
  const match = value === undefined ? null : STATE.exec(value);
  return match === null ? undefined : { used: Number(match[1]), runs: Number(match[2]), end: Number(match[3]), lease: Number(match[4]) };
}

/** Runs still inside a window at `now`: none once their lease ran out (they died without leaving). */
const liveRuns = (state: WindowState, now: number): number => (now < state.lease ? state.runs : 0);

/** A window is open while its interval lasts, or while a live run is inside it. */
const isOpen = (state: WindowState | undefined, now: number): state is WindowState => state !== undefined && (now < state.end || liveRuns(state, now) > 0);

/** One run's place in the shared window. */
export interface WindowMembership {
  /** Recipients taken in the window, by every run, as last seen. */
  used(): number;
  /** Takes `recipients` if the window's total stays within `cap`; false (nothing taken) otherwise. */
  take(recipients: number, cap: number): Promise<boolean>;
  /** Gives back recipients taken but not used (the work went to another run). */
  giveBack(recipients: number): Promise<void>;
  /** The run is over, giving back `unused` recipients it took: the window closes once its interval ended and no run is left inside. */
  leave(unused?: number): Promise<void>;
}

/**
 * The cap of `fdTasksConfMaxEmails` recipients held across concurrent runs and instances: one `organizationalRole`
 * entry (standard schema; fdTasksConf has no attribute to spare) whose `description` is the window's state, changed
 * only by compare-and-swap. Runs that overlap share one window; a window opened with an interval (by the Mail task,
 * which enforces `fdTasksConfIntervalEmails`) also lasts that long, so the cap is per interval whichever task types
 * send meanwhile.
 */
export class SharedMailWindow {
  constructor(
    private readonly directory: Directory,
    /** Where the entry `cn=anti-spam-window` lives; created (as `ou=` levels) when missing. */
    private readonly branch: () => Promise<string>,
    private readonly clock: Clock,
    private readonly leaseSeconds: number,
  ) {}

  /** Recipients taken in the window open now (0 when none is), read only: for dry runs and previews. */
  async peek(): Promise<number> {
    const state = parse(await this.#read(childDn("cn", ENTRY_CN, await this.branch())));
    return isOpen(state, this.#now()) ? state.used : 0;
  }

  /** Enters the open window, or opens a new one lasting `intervalMinutes`. */
  async join(intervalMinutes: number): Promise<WindowMembership> {
    const branch = await this.branch();
    let seen = await this.#update(branch, undefined, (state, now) => {
      const lease = now + this.leaseSeconds;
      return isOpen(state, now) ? { ...state, runs: liveRuns(state, now) + 1, lease } : { used: 0, runs: 1, end: now + intervalMinutes * 60, lease };
    });
    // A window that closed under a live run (its lease ran out) is reopened by it: the run is still inside.
    const inside = (state: WindowState | undefined, now: number): WindowState => (isOpen(state, now) ? state : { used: 0, runs: 1, end: now, lease: now + this.leaseSeconds });
    const move = async (change: (state: WindowState, now: number) => WindowState | undefined): Promise<boolean> => {
      let moved = false;
      seen = await this.#update(branch, seen, (state, now) => {
        const next = change(inside(state, now), now);
        moved = next !== undefined;
        return next;
      });
      return moved;
    };
    // Taken in chunks: one write per several mails instead of one contended write each.
    const membership: WindowMembership = {
      used: () => seen.used,
      take: (recipients, cap) => move((state, now) => (state.used + recipients > cap ? undefined : { ...state, used: state.used + recipients, lease: now + this.leaseSeconds })),
      giveBack: async (recipients) => void (await move((state) => ({ ...state, used: Math.max(0, state.used - recipients) }))),
      leave: async (unused = 0) => void (await move((state, now) => ({ ...state, used: Math.max(0, state.used - unused), runs: Math.max(0, liveRuns(state, now) - 1) }))),
    };
    return new ReservingMembership(membership, this.clock, this.leaseSeconds);
  }

  /**
   * Applies `change` to the state by compare-and-swap, re-reading after each lost race; `change` returning
   * `undefined` writes nothing. Resolves with the state now in the directory as this run knows it.
   */
  async #update(branch: string, known: WindowState | undefined, change: (state: WindowState | undefined, now: number) => WindowState | undefined): Promise<WindowState> {
    const dn = childDn("cn", ENTRY_CN, branch);
    let current: string | undefined = known === undefined ? await this.#read(dn) : format(known);
    for (let swap = 0; swap < MAX_SWAPS; swap += 1) {
      const state = parse(current);
      const next = change(state, this.#now());
      if (next === undefined) return state ?? { used: 0, runs: 0, end: 0, lease: 0 };
      if (await this.#swap(branch, current, format(next))) return next;
      current = await this.#read(dn);
    }
    throw new LdapConflictError(`the anti-spam window ${dn} kept changing under this run`);
  }

  async #read(dn: string): Promise<string | undefined> {
    const entry = await this.directory.read(dn, ["description"]);
    return entry?.values("description").find((value) => STATE.test(value));
  }

  /** Replaces `expected` (absent: creates the entry) with `next`; false when someone changed it first. */
  async #swap(branch: string, expected: string | undefined, next: string): Promise<boolean> {
    const dn = childDn("cn", ENTRY_CN, branch);
    try {
      if (expected === undefined) await this.#create(branch, next);
      else {
        await this.directory.modify(dn, [
          { operation: "delete", attribute: "description", values: [expected] },
          { operation: "add", attribute: "description", values: [next] },
        ]);
      }
      return true;
    } catch (error) {
      if (hasCode(error, LdapConflictError.code) || hasCode(error, LdapAlreadyExistsError.code) || hasCode(error, LdapNoSuchObjectError.code)) return false;
      throw error;
    }
  }

  async #create(branch: string, value: string): Promise<void> {
    const dn = childDn("cn", ENTRY_CN, branch);
    const entry = { objectClass: ["top", "organizationalRole"], cn: ENTRY_CN, description: [value] };
    try {
      await this.directory.add(dn, entry);
    } catch (error) {
      if (!hasCode(error, LdapNoSuchObjectError.code)) throw error;
      await ensureOuBranch(this.directory, branch);
      await this.directory.add(dn, entry);
    }
  }

  #now(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
