import { mkdir } from "node:fs/promises";
import path from "node:path";
import { wallTimeAt } from "@fdo/fusiondirectory";
import { type Directory, isOrchestratorError, LdapUnavailableError, ldapFilter, type SubtaskContext, type SubtaskOutcome } from "@fdo/sdk";
import { AUDIT_EVENT_FILTER, auditEvents } from "./audit-branch.js";
import { parseAuditTime, secondBefore } from "./audit-time.js";
import { EarliestItems } from "./earliest-events.js";
import { acquireLock, advance, appendLines, type ExportCursor, isAfter, readCursor, releaseLock, writeCursor } from "./export-state.js";
import { type AuditEvent, auditEventOf, EVENT_ATTRIBUTES, formatEvent, type SyslogFormat } from "./syslog-format.js";
import type { SyslogPrefix } from "./syslog-prefix.js";
import { exportBusy, exportFailed, exportOutcome, type SyslogDetail } from "./syslog-reports.js";

/** Subtask type of the syslog export (newest upstream). */
export const SYSLOG_TYPE = "auditSyslog";

export interface SyslogSettings {
  /** `AUDIT_SYSLOG_DIR` (upstream's `/var/log/fusiondirectory` by default). */
  readonly directory: string;
  readonly format: SyslogFormat;
  /** HOSTNAME of RFC 5424 lines (and of upstream lines of events without `fdAuditAuthorIP`). */
  readonly hostname: string;
  /** Events sorted in memory at once; more are exported in further rounds. */
  readonly batchSize: number;
  /** Entries per search page; the host's default when undefined. */
  readonly pageSize: number | undefined;
}

const SAMPLES = 10;

const byTime = (a: AuditEvent, b: AuditEvent): number => {
  if (a.time.key !== b.time.key) return a.time.key < b.time.key ? -1 : 1;
  const left = a.dn.toLowerCase();
  const right = b.dn.toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
};

interface Unparsable {
  count: number;
  readonly samples: string[];
}

const two = (value: number): string => String(value).padStart(2, "0");

/** The log file of a run, upstream's name: `<prefix>-<date of the run in FusionDirectory's zone>.log`, appended to. */
export function logFileName(prefix: string, now: Date, timeZone: string): string {
  const day = wallTimeAt(now, timeZone);
  return `${prefix}-${day.year}-${two(day.month)}-${two(day.day)}.log`;
}

const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

/** A file system refusal says which directory and which key moves it; other errors as they are. */
function exportError(error: unknown, folder: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && NOT_WRITABLE.has(code)) return `the audit syslog directory ${folder} is not writable (${code}): set AUDIT_SYSLOG_DIR to a directory the orchestrator may write to`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Exports audit events to syslog-format files for one `auditSyslog` subtask: the events after the state file's
 * cursor, oldest first, a bounded number at a time; the cursor moves only once their lines are on disk, so a second
 * run exports nothing twice and an interrupted one resumes where it stopped.
 */
// Exports to one folder run one at a time in this process (whichever run or host started them); the lock file keeps
// other processes out.
const queues = new Map<string, Promise<unknown>>();

export class SyslogExport {
  constructor(
    private readonly directory: Directory,
    private readonly settings: SyslogSettings,
  ) {}

  /** Exports one subtask once the exports before it to the same folder are done. */
  process(context: SubtaskContext, auditBase: string, timeZone: string, prefix: SyslogPrefix): Promise<SubtaskOutcome<SyslogDetail>> {
    const key = this.settings.directory;
    const run = (queues.get(key) ?? Promise.resolve()).then(() => this.#process(context, auditBase, timeZone, prefix));
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  }

  async #process(context: SubtaskContext, auditBase: string, timeZone: string, prefix: SyslogPrefix): Promise<SubtaskOutcome<SyslogDetail>> {
    if (!prefix.ok) return exportFailed(prefix.error, `Error transforming audit entries: ${prefix.error}`);
    const folder = this.settings.directory;
    const file = path.join(folder, logFileName(prefix.prefix, context.now, timeZone));
    let locked = false;
    try {
      if (!context.dryRun) {
        await mkdir(folder, { recursive: true, mode: 0o750 });
        locked = await acquireLock(folder, context.now);
        if (!locked) return exportBusy(folder);
      }
      const state = await readCursor(folder, prefix.prefix);
      if (!state.ok) return exportFailed(state.error, `Error transforming audit entries: ${state.error}`);
      let cursor = state.cursor;
      const unparsable: Unparsable = { count: 0, samples: [] };
      let exported = 0;
      for (let round = 0; !context.signal.aborted; round += 1) {
        const batch = await this.#earliestAfter(auditBase, cursor, round === 0 ? unparsable : undefined);
        const last = batch.items.at(-1);
        if (last === undefined) break;
        const next = advance(
          cursor,
          batch.items.map((event) => ({ key: event.time.key, dn: event.dn })),
        ) as ExportCursor;
        if (!context.dryRun) {
          await appendLines(
            file,
            batch.items.map((event) => formatEvent(this.settings.format, event, this.settings.hostname, timeZone)),
          );
          await writeCursor(folder, next, last.dateTime, context.now);
        }
        cursor = next;
        exported += batch.items.length;
        if (!batch.more) break;
      }
      return exportOutcome(context.signal.aborted, { exported, file, format: this.settings.format, unparsable });
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
      const message = exportError(error, folder);
      return exportFailed(message, `Error transforming audit entries: ${message}`);
    } finally {
      if (locked) await releaseLock(folder);
    }
  }

  /** The `batchSize` earliest events after `cursor`, in order; the server narrows to the cursor's second and later. */
  async #earliestAfter(base: string, cursor: ExportCursor | undefined, unparsable: Unparsable | undefined) {
    const filter = cursor === undefined ? AUDIT_EVENT_FILTER : ldapFilter`(&(objectClass=fdAuditEvent)(!(fdAuditDateTime<=${secondBefore(cursor.key)})))`;
    const { pageSize } = this.settings;
    const earliest = new EarliestItems<AuditEvent>(this.settings.batchSize, byTime);
    for await (const entry of auditEvents(this.directory, { base, filter, attributes: EVENT_ATTRIBUTES, ...(pageSize === undefined ? {} : { pageSize }) })) {
      const raw = entry.first("fdAuditDateTime");
      const time = parseAuditTime(raw);
      if (time === undefined) {
        // Never exported: it cannot be placed in time, so it could not be exported exactly once.
        if (unparsable !== undefined) {
          unparsable.count += 1;
          if (unparsable.samples.length < SAMPLES) unparsable.samples.push(`${entry.dn} (fdAuditDateTime ${JSON.stringify(raw ?? "")})`);
        }
        continue;
      }
      if (isAfter(time.key, entry.dn, cursor)) earliest.add(auditEventOf(entry, time));
    }
    return earliest.take();
  }
}
