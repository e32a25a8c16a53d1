import {
  type Clock,
  type Directory,
  type DirectoryChange,
  dnKey,
  type ExecutionRecord,
  isOrchestratorError,
  LdapUnavailableError,
  type Logger,
  type MainTask,
  type Subtask,
  type SubtaskOutcome,
  type TaskStore,
} from "@fdo/sdk";
import { nextActivation, parseRepeatSchedule } from "../maintenance/cyclic-period.js";
import { FD16, type Fd16Bookkeeping, type Fd16Writes } from "./fd16-writes.js";
import { executionStamp } from "./stamp-time.js";
import { executionRecordChanges, tagUser } from "./user-tagger.js";

/** What a run's bookkeeping uses. */
export interface BookkeepingDeps {
  readonly directory: Directory;
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fd16: Fd16Bookkeeping;
}

/** A main task as the stamps need it: when it would run next after an instant, if it repeats. */
interface MainTaskTiming {
  readonly exists: boolean;
  nextAfter(instant: Date): Date | undefined;
}

const NO_MAIN_TASK: MainTaskTiming = { exists: false, nextAfter: () => undefined };

/** Tags written at once, beyond which a settled subtask waits for one: they never pile up faster than they land. */
const TAGS_IN_FLIGHT = 32;

function isUnavailable(error: unknown): boolean {
  return isOrchestratorError(error) && error.code === LdapUnavailableError.code;
}

/**
 * The FD 1.6 bookkeeping of one run (upstream §5.7), limited to what the directory's schema has: execution stamps on
 * each subtask inside the modify that settles it, each main task stamped once at the end of the run, and the users a
 * subtask was done for tagged with its main task. Main tasks are read once per run. Dry runs never get here.
 */
export class RunBookkeeping {
  readonly #timings = new Map<string, Promise<MainTaskTiming>>();
  /** The latest stamp written on a subtask of each main task. */
  readonly #lastExec = new Map<string, Date>();
  /** Tags being written, by user and main task: a second subtask for the same pair waits for the first. */
  readonly #tagging = new Map<string, Promise<void>>();
  /** Whether the last user tagged lacked `fdTasksInfos`: users of one run tend to be alike. */
  #classLikelyMissing = false;
  #writes: Promise<Fd16Writes> | undefined;
  /** What the schema allows, once {@link prime} has read it. */
  #known: Fd16Writes | undefined;

  constructor(private readonly deps: BookkeepingDeps) {}

  /** Reads what the schema allows before subtasks are handled, for {@link executionRecord}. */
  async prime(): Promise<void> {
    this.#known = await this.#fd16().catch(() => undefined);
  }

  /**
   * The record a handler of `subtask` may carry in its own modify of a user; each user it says was written is added
   * to `handled`, which {@link settled} then leaves untagged. `undefined` when the schema lacks it (or was not read).
   */
  executionRecord(subtask: Subtask, handled: Set<string>): ExecutionRecord | undefined {
    if (this.#known?.userTagging !== true || subtask.masterDn === "") return undefined;
    return {
      attributes: ["objectClass", FD16.executedDns],
      changes: (user) => executionRecordChanges(user, subtask.masterDn),
      written: (user) => {
        handled.add(dnKey(user.dn));
      },
    };
  }

  /** The stamps to write with `subtask`'s new status, and their instant. */
  async stamps(subtask: Subtask): Promise<{ readonly at: Date; readonly changes: DirectoryChange[] }> {
    const at = this.deps.clock.now();
    const writes = await this.#fd16();
    const changes: DirectoryChange[] = [];
    if (writes.subtaskLastExec) changes.push({ operation: "replace", attribute: FD16.subtaskLastExec, values: [executionStamp(at)] });
    if (writes.subtaskNextExec) {
      const next = (await this.#timing(subtask.masterDn)).nextAfter(at);
      if (next !== undefined) changes.push({ operation: "replace", attribute: FD16.subtaskNextExec, values: [executionStamp(next)] });
    }
    return { at, changes };
  }

  /**
   * After `subtask`'s status was written at `at`: remembers it for its main task's stamp, and starts tagging the users
   * a `done` outcome names but `handled` (recorded by the handler's own modify); {@link finish} waits for the tags. A
   * tagging failure is logged as a warning; it never changes the outcome.
   */
  async settled(subtask: Subtask, at: Date, outcome: SubtaskOutcome<unknown>, handled?: ReadonlySet<string>): Promise<void> {
    const master = subtask.masterDn;
    if (master === "") return;
    const previous = this.#lastExec.get(master);
    if (previous === undefined || previous.getTime() < at.getTime()) this.#lastExec.set(master, at);
    if (outcome.kind !== "done" || outcome.executedFor === undefined || outcome.executedFor.length === 0) return;
    if (!(await this.#fd16()).userTagging) return;
    for (const userDn of outcome.executedFor) {
      if (handled?.has(dnKey(userDn)) === true) continue;
      while (this.#tagging.size >= TAGS_IN_FLIGHT) await Promise.race(this.#tagging.values());
      this.#tag(userDn, master, subtask.dn);
    }
  }

  /**
   * Stamps each main task once: `fdTasksLastExec` is its latest subtask stamp of this run and `fdTasksNextExec` one
   * period later. Upstream rewrites both after every subtask with that subtask's time, so once the run is over its
   * main task shows the same values whether written once or each time, with one write instead of one per subtask.
   * Waits for the user tags first; `directoryLost` (the run was aborted for it) skips the stamps.
   */
  async finish(directoryLost = false): Promise<void> {
    while (this.#tagging.size > 0) await Promise.all(this.#tagging.values());
    // Each stamp would wait for its own failure before the run could answer.
    if (directoryLost || this.#lastExec.size === 0 || !(await this.#fd16().catch(() => undefined))?.mainTaskStamps) return;
    for (const [master, at] of this.#lastExec) {
      try {
        const timing = await this.#timing(master);
        if (!timing.exists) continue;
        const next = timing.nextAfter(at);
        await this.deps.directory.modify(master, [
          { operation: "replace", attribute: FD16.mainLastExec, values: [executionStamp(at)] },
          ...(next === undefined ? [] : [{ operation: "replace" as const, attribute: FD16.mainNextExec, values: [executionStamp(next)] }]),
        ]);
      } catch (error) {
        this.deps.logger.warn("cannot stamp the main task's last execution", { dn: master, err: error });
      }
    }
  }

  #fd16(): Promise<Fd16Writes> {
    this.#writes ??= this.deps.fd16.writes().catch((error: unknown) => {
      this.#writes = undefined;
      throw error;
    });
    return this.#writes;
  }

  #tag(userDn: string, master: string, subtaskDn: string): void {
    const key = `${dnKey(userDn)}\n${dnKey(master)}`;
    const before = this.#tagging.get(key) ?? Promise.resolve();
    const tagging = before
      .then(() => tagUser(this.deps.directory, userDn, master, this.#classLikelyMissing))
      .then(
        (lackedClass) => {
          this.#classLikelyMissing = lackedClass;
        },
        (error: unknown) => {
          this.deps.logger.warn("cannot record the task on the user (fdTasksExecutedDNs)", { dn: userDn, mainTask: master, subtask: subtaskDn, err: error });
        },
      )
      .finally(() => {
        if (this.#tagging.get(key) === tagging) this.#tagging.delete(key);
      });
    this.#tagging.set(key, tagging);
  }

  #timing(master: string): Promise<MainTaskTiming> {
    if (master === "") return Promise.resolve(NO_MAIN_TASK);
    let timing = this.#timings.get(master);
    if (timing === undefined) {
      timing = this.#readTiming(master);
      this.#timings.set(master, timing);
    }
    return timing;
  }

  async #readTiming(master: string): Promise<MainTaskTiming> {
    let task: MainTask | null;
    try {
      task = await this.deps.store.readMainTask(master);
    } catch (error) {
      if (isUnavailable(error)) {
        this.#timings.delete(master);
        throw error;
      }
      this.deps.logger.warn("cannot read the main task for its execution stamps", { dn: master, err: error });
      return NO_MAIN_TASK;
    }
    if (task === null) return NO_MAIN_TASK;
    // fdTasksRepeatable is a Boolean attribute, yet FusionDirectory has written it in other cases.
    const repeats = task.entry.first("fdTasksRepeatable")?.trim().toUpperCase() === "TRUE";
    const period = repeats ? parseRepeatSchedule(task.entry.first("fdTasksRepeatableSchedule")) : undefined;
    if (period === undefined) return { exists: true, nextAfter: () => undefined };
    let timeZone: string;
    try {
      timeZone = await this.deps.store.timeZone();
    } catch (error) {
      // Not kept for the rest of the run: the next subtask of this main task asks again.
      this.#timings.delete(master);
      throw error;
    }
    return { exists: true, nextAfter: (instant) => nextActivation(instant, period, timeZone) };
  }
}
