import { open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAuditTime } from "./audit-time.js";

/** The state file, in the export directory. */
export const STATE_FILE = "audit-syslog.state.json";
/** Held while an export writes, so two processes sharing the directory never export the same events twice. */
export const LOCK_FILE = "audit-syslog.lock";
/**
 * The PHP orchestrator's state, `<prefix>-last-processed.txt` in the same directory: the newest `fdAuditDateTime` it
 * exported. Read once, when this plugin has no state of its own yet, so switching over does not export again what
 * the PHP orchestrator already wrote.
 */
export const upstreamStateFile = (prefix: string): string => `${prefix}-last-processed.txt`;
/**
 * In {@link ExportCursor.dns}: every event of the cursor's instant is exported (the PHP orchestrator's state names an
 * instant only, and it exported every event of it). Never a DN: DNs hold a `=`.
 */
export const EVERY_EVENT_OF_THE_INSTANT = "*";
/** A lock older than this belongs to a process that died. */
export const STALE_LOCK_MS = 15 * 60_000;

/**
 * Where the export stands: the instant of the newest event exported, and the DNs of every event of that instant
 * already exported. An event of that same instant written later (FusionDirectory then adds `+fdAuditId=<n>` to its
 * RDN) is still exported, once.
 */
export interface ExportCursor {
  /** {@link AuditTime.key} of the newest exported `fdAuditDateTime`. */
  readonly key: string;
  /** Lower-cased DNs of the exported events at `key`. */
  readonly dns: readonly string[];
}

interface StateFile {
  readonly version: 1;
  readonly lastKey: string;
  readonly lastDns: readonly string[];
  readonly lastDateTime: string;
  readonly updatedAt: string;
}

/** True when the event `(key, dn)` has not been exported according to `cursor`. */
export function isAfter(key: string, dn: string, cursor: ExportCursor | undefined): boolean {
  if (cursor === undefined) return true;
  return key > cursor.key || (key === cursor.key && !cursor.dns.includes(EVERY_EVENT_OF_THE_INSTANT) && !cursor.dns.includes(dn.toLowerCase()));
}

/** The cursor once `exported` (in time order, non-empty) are on disk. */
export function advance(cursor: ExportCursor | undefined, exported: ReadonlyArray<{ readonly key: string; readonly dn: string }>): ExportCursor | undefined {
  const last = exported.at(-1);
  if (last === undefined) return cursor;
  const before = cursor?.key === last.key ? cursor.dns : [];
  const now = exported.filter((event) => event.key === last.key).map((event) => event.dn.toLowerCase());
  return { key: last.key, dns: [...new Set([...before, ...now])] };
}

export type StateRead = { readonly ok: true; readonly cursor: ExportCursor | undefined } | { readonly ok: false; readonly error: string };

/** A state file's text; `undefined` when there is none. */
async function readState(file: string): Promise<{ readonly text: string | undefined } | { readonly error: string }> {
  try {
    return { text: await readFile(file, "utf8") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: undefined };
    return { error: `cannot read the syslog export state ${file}: ${(error as Error).message}` };
  }
}

/** The cursor the PHP orchestrator left in `<prefix>-last-processed.txt`, if it left one. */
async function readUpstreamCursor(directory: string, prefix: string): Promise<StateRead> {
  const file = path.join(directory, upstreamStateFile(prefix));
  const read = await readState(file);
  if ("error" in read) return { ok: false, error: read.error };
  if (read.text === undefined || read.text.trim() === "") return { ok: true, cursor: undefined };
  const time = parseAuditTime(read.text);
  if (time === undefined) {
    const held = JSON.stringify(read.text.trim().slice(0, 40));
    return { ok: false, error: `the PHP orchestrator's export state ${file} holds ${held}, not a GeneralizedTime; fix or delete it (deleting it exports every event again)` };
  }
  return { ok: true, cursor: { key: time.key, dns: [EVERY_EVENT_OF_THE_INSTANT] } };
}

/**
 * Reads the cursor; before this plugin's first export, where the PHP orchestrator's export stopped, else
 * `undefined`. A damaged file is an error, never "start over".
 */
export async function readCursor(directory: string, upstreamPrefix: string): Promise<StateRead> {
  const file = path.join(directory, STATE_FILE);
  const read = await readState(file);
  if ("error" in read) return { ok: false, error: read.error };
  if (read.text === undefined) return readUpstreamCursor(directory, upstreamPrefix);
  const text = read.text;
  try {
    const state = JSON.parse(text) as Partial<StateFile>;
    const dns = state.lastDns;
    if (state.version === 1 && typeof state.lastKey === "string" && /^\d{23}$/.test(state.lastKey) && Array.isArray(dns) && dns.every((dn) => typeof dn === "string")) {
      return { ok: true, cursor: { key: state.lastKey, dns: dns.map((dn) => dn.toLowerCase()) } };
    }
  } catch {
    // reported below
  }
  return {
    ok: false,
    error: `the syslog export state ${file} is damaged; fix or delete it (deleting it exports every event again, or those after the PHP orchestrator's state file when there is one)`,
  };
}

/** Replaces the state atomically (write, then rename). */
export async function writeCursor(directory: string, cursor: ExportCursor, dateTime: string, now: Date): Promise<void> {
  const file = path.join(directory, STATE_FILE);
  const state: StateFile = { version: 1, lastKey: cursor.key, lastDns: cursor.dns, lastDateTime: dateTime, updatedAt: now.toISOString() };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o640 });
  await rename(temporary, file);
}

/** Appends lines to a log file and flushes them to disk before the cursor moves past them. */
export async function appendLines(file: string, lines: readonly string[]): Promise<void> {
  const handle = await open(file, "a", 0o640);
  try {
    await handle.appendFile(`${lines.join("\n")}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Takes the directory's lock; `false` when another live export holds it. */
export async function acquireLock(directory: string, now: Date): Promise<boolean> {
  const file = path.join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, "wx", 0o640);
      await handle.writeFile(`${process.pid} ${now.toISOString()}\n`);
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Staleness is real elapsed time (file times), not the host clock.
      const info = await stat(file).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs <= STALE_LOCK_MS) return false;
      if (info !== undefined) await unlink(file).catch(() => undefined);
    }
  }
  return false;
}

export async function releaseLock(directory: string): Promise<void> {
  await unlink(path.join(directory, LOCK_FILE)).catch(() => undefined);
}
