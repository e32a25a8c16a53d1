// Export files: created, never overwritten. Names carry the time and 64 random bits, and the file is opened with
// O_CREAT|O_EXCL ("wx"), so two runs, two orchestrator instances or a planted symbolic link can never make one run
// write into another's file (upstream's Export rewrote one file per day for every subtask). Mode 0640: readable by
// the service's group (the admins who fetch exports), nobody else.
import { randomBytes } from "node:crypto";
import { type FileHandle, open, unlink } from "node:fs/promises";
import path from "node:path";

export const EXPORT_FILE_MODE = 0o640;
/** Name attempts before giving up (a clash needs the same second and the same 64 random bits). */
export const MAX_NAME_ATTEMPTS = 5;
/** What the names of export files look like, to prune only them. */
export const EXPORT_FILE_NAME = /_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_[0-9a-f]{16}\.csv$/;

/** A written file. */
export interface ExportFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: number;
}

const pad = (value: number): string => String(value).padStart(2, "0");

/** `<base>_<YYYY-MM-DD_HH-MM-SS UTC>_<16 hex>.csv`: upstream's `<base>_<Y-m-d_H>_<8 hex>.csv` with more of both. */
export function exportFileName(base: string, now: Date, random: string): string {
  const date = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}`;
  return `${base}_${date}_${time}_${random}.csv`;
}

/** 64 random bits in hex. */
export function randomSuffix(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Writes `chunks` (e.g. `csvLines(...)`) to a new file in `directory`. A name that already exists is never
 * reused; a failure while writing removes the partial file.
 */
export async function writeExportFile(directory: string, base: string, now: Date, chunks: AsyncIterable<string> | Iterable<string>, random: () => string = randomSuffix): Promise<ExportFile> {
  for (let attempt = 1; ; attempt += 1) {
    const name = exportFileName(base, now, random());
    const file = path.join(directory, name);
    let handle: FileHandle;
    try {
      handle = await open(file, "wx", EXPORT_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && attempt < MAX_NAME_ATTEMPTS) continue;
      throw error;
    }
    let bytes = 0;
    try {
      await handle.chmod(EXPORT_FILE_MODE); // the process umask may have taken bits away
      for await (const chunk of chunks) {
        const buffer = Buffer.from(chunk, "utf8");
        await handle.write(buffer);
        bytes += buffer.length;
      }
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(file).catch(() => undefined);
      throw error;
    }
    return { path: file, name, bytes };
  }
}
