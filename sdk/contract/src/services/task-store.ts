import type { DirectoryEntry } from "./directory.js";

/**
 * A FusionDirectory main task (`objectClass=fdTasks`).
 * @beta The task engine's interfaces may still grow in minor releases.
 */
export interface MainTask {
  readonly dn: string;
  readonly cn: string;
  /** The raw entry, for the task-type attributes (e.g. `fdTasksMailObject`). */
  readonly entry: DirectoryEntry;
}

/**
 * A FusionDirectory subtask (`objectClass=fdTasksGranular`).
 * @beta
 */
export interface Subtask {
  readonly dn: string;
  readonly cn: string;
  /** `fdTasksGranularType`. */
  readonly type: string;
  /** `fdTasksGranularMaster`: DN of the main task. */
  readonly masterDn: string;
  /**
   * `fdTasksGranularStatus`: `1` to do, `2` done, `3` nothing to do, `claimed:...`/`sending:...` while a run
   * holds it, anything else an error text.
   */
  readonly status: string;
  /** `fdTasksGranularSchedule` as an instant (FD 1.5 wall time in `fdTimezone`, or FD 1.6 GeneralizedTime); `undefined` when unparsable. */
  readonly schedule: Date | undefined;
  /** The raw entry, for the type-specific attributes (`fdTasksGranularMail`, `fdTasksGranularDN`...). */
  readonly entry: DirectoryEntry;
}

/**
 * Reads FusionDirectory tasks from the directory. Every search is paged and escaped.
 * @beta
 */
export interface TaskStore {
  /** All main tasks. */
  listMainTasks(): AsyncIterable<MainTask>;
  /** Subtasks whose `fdTasksGranularType` is one of `types` (exact match, as FusionDirectory wrote it). */
  listSubtasks(types: readonly string[]): AsyncIterable<Subtask>;
  /** One main task, or `null`. */
  readMainTask(dn: string): Promise<MainTask | null>;
  /** FusionDirectory's time zone (`fdTimezone` of its configuration entry), `UTC` when unset. */
  timeZone(): Promise<string>;
}
