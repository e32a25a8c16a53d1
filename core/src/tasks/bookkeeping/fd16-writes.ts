import type { Logger } from "@fdo/sdk";
import type { DirectorySchema, SchemaNames } from "../../ldap/directory-schema.js";

/** The FD 1.6 bookkeeping attributes and class (upstream §5.7). */
export const FD16 = {
  subtaskLastExec: "fdTasksGranularLastExec",
  subtaskNextExec: "fdTasksGranularNextExec",
  mainLastExec: "fdTasksLastExec",
  mainNextExec: "fdTasksNextExec",
  executedDns: "fdTasksExecutedDNs",
  taskInfos: "fdTasksInfos",
} as const;

/** Which FD 1.6 bookkeeping the directory's schema allows. */
export interface Fd16Writes {
  /** `fdTasksGranularLastExec` in the modify that settles a subtask. */
  readonly subtaskLastExec: boolean;
  /** `fdTasksGranularNextExec` there too, for subtasks of repeatable main tasks. */
  readonly subtaskNextExec: boolean;
  /**
   * `fdTasksLastExec`/`fdTasksNextExec` on main tasks. Keyed on `fdTasksNextExec`, which only FD 1.6 declares: FD 1.5
   * has `fdTasksLastExec` too, but there it is FusionDirectory's activation time, which activateCyclicTasks reads.
   */
  readonly mainTaskStamps: boolean;
  /** Auxiliary class `fdTasksInfos` and `fdTasksExecutedDNs` on the users a task was done for. */
  readonly userTagging: boolean;
  /**
   * The directory is FD 1.6, i.e. its schema has `fdTasksGranularLastExec`: a missing `fdTasksConfLastExecTime` is
   * first written as GeneralizedTime, as FD 1.6 does, instead of FD 1.5's Unix seconds.
   */
  readonly generalizedTime: boolean;
}

/** What the schema allows, and what it does not, named for the log. */
export function fd16WritesOf(schema: SchemaNames): { readonly writes: Fd16Writes; readonly skipped: readonly string[] } {
  const has = (attribute: string) => schema.hasAttribute(attribute);
  const writes: Fd16Writes = {
    subtaskLastExec: has(FD16.subtaskLastExec),
    subtaskNextExec: has(FD16.subtaskNextExec),
    mainTaskStamps: has(FD16.mainNextExec) && has(FD16.mainLastExec),
    userTagging: schema.hasClass(FD16.taskInfos) && has(FD16.executedDns),
    generalizedTime: has(FD16.subtaskLastExec),
  };
  const skipped = [
    writes.subtaskLastExec ? [] : [`subtask stamps (${FD16.subtaskLastExec})`],
    writes.subtaskNextExec ? [] : [`subtask next execution (${FD16.subtaskNextExec})`],
    writes.mainTaskStamps ? [] : [`main task stamps (${FD16.mainNextExec})`],
    writes.userTagging ? [] : [`user tagging (${FD16.taskInfos}, ${FD16.executedDns})`],
  ].flat();
  return { writes, skipped };
}

/**
 * The FD 1.6 bookkeeping the directory's schema allows, as of the current connection. Whenever that changes (the
 * first read at start-up, or a reconnect to a changed schema) one line lists what is skipped; none when nothing is.
 */
export class Fd16Bookkeeping {
  #reported: string | undefined;

  constructor(
    private readonly schema: DirectorySchema,
    private readonly logger: Logger,
  ) {}

  async writes(): Promise<Fd16Writes> {
    const { writes, skipped } = fd16WritesOf(await this.schema.current());
    const report = skipped.join("; ");
    if (report !== this.#reported) {
      this.#reported = report;
      if (skipped.length > 0) this.logger.info("FD 1.6 bookkeeping skipped: the directory's schema lacks it", { skipped });
    }
    return writes;
  }
}
