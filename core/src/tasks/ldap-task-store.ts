import { isKnownTimeZone, parseFdSchedule } from "@fdo/fusiondirectory";
import { type Directory, type DirectoryEntry, type Logger, ldapFilter, type MainTask, type Subtask, type TaskStore } from "@fdo/sdk";

const SUBTASK_ATTRIBUTES = [
  "cn",
  "fdTasksGranularType",
  "fdTasksGranularMaster",
  "fdTasksGranularStatus",
  "fdTasksGranularSchedule",
  "fdTasksGranularDN",
  "fdTasksGranularMail",
  "fdTasksGranularMailFrom",
  "fdTasksGranularMailBCC",
  "fdTasksGranularRef",
  "fdTasksGranularHelper",
];

/** `(|(fdTasksGranularType=a)(fdTasksGranularType=b))`, every value escaped. */
export function granularTypeFilter(types: readonly string[]): string {
  const alternatives = types.map((type) => ldapFilter`(fdTasksGranularType=${type})`).join("");
  return `(&(objectClass=fdTasksGranular)(|${alternatives}))`;
}

/**
 * FusionDirectory tasks in LDAP, searched from the base with paging (subtasks may live in departments). The FD time
 * zone is read once per store; a host creates one store, so a changed `fdTimezone` needs a restart.
 */
export class LdapTaskStore implements TaskStore {
  #timeZone: Promise<string> | undefined;

  constructor(
    private readonly directory: Directory,
    private readonly ldapBase: string,
    private readonly logger: Logger,
  ) {}

  async *listMainTasks(): AsyncIterable<MainTask> {
    for await (const entry of this.directory.search({ base: this.ldapBase, filter: "(objectClass=fdTasks)" })) yield toMainTask(entry);
  }

  async readMainTask(dn: string): Promise<MainTask | null> {
    const entry = await this.directory.read(dn);
    return entry === null || !entry.values("objectClass").some((value) => value.toLowerCase() === "fdtasks") ? null : toMainTask(entry);
  }

  async *listSubtasks(types: readonly string[]): AsyncIterable<Subtask> {
    if (types.length === 0) return;
    const timeZone = await this.timeZone();
    // FusionDirectory copies the main task's schedule into every subtask: thousands share a handful of values, and
    // each wall-time conversion costs two Intl formats.
    const schedules = new Map<string, Date | undefined>();
    const scheduleOf = (value: string | undefined): Date | undefined => {
      if (value === undefined) return undefined;
      if (!schedules.has(value)) schedules.set(value, parseFdSchedule(value, timeZone));
      return schedules.get(value);
    };
    const search = this.directory.search({ base: this.ldapBase, filter: granularTypeFilter(types), attributes: SUBTASK_ATTRIBUTES });
    for await (const entry of search) yield toSubtask(entry, scheduleOf(entry.first("fdTasksGranularSchedule")));
  }

  timeZone(): Promise<string> {
    this.#timeZone ??= this.#readTimeZone().catch((error: unknown) => {
      this.#timeZone = undefined;
      throw error;
    });
    return this.#timeZone;
  }

  async #readTimeZone(): Promise<string> {
    const config = await this.directory.read(`cn=config,ou=fusiondirectory,${this.ldapBase}`, ["fdTimezone"]);
    const zone = config?.first("fdTimezone");
    if (zone !== undefined && isKnownTimeZone(zone)) return zone;
    if (zone !== undefined) this.logger.warn("fdTimezone is not a known time zone; using UTC", { fdTimezone: zone });
    return "UTC";
  }
}

function toMainTask(entry: DirectoryEntry): MainTask {
  return { dn: entry.dn, cn: entry.first("cn") ?? "", entry };
}

function toSubtask(entry: DirectoryEntry, schedule: Date | undefined): Subtask {
  return {
    dn: entry.dn,
    cn: entry.first("cn") ?? "",
    type: entry.first("fdTasksGranularType") ?? "",
    masterDn: entry.first("fdTasksGranularMaster") ?? "",
    status: entry.first("fdTasksGranularStatus") ?? "",
    schedule,
    entry,
  };
}
