// Old export files are deleted after EXTRACTOR_RETENTION_DAYS: only files named like the ones this plugin writes,
// anywhere below the export directory, never through a symbolic link. Other files an administrator keeps there stay.
import { lstat, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import { errorText } from "@fdo/sdk";
import { EXPORT_FILE_NAME } from "./export-file.js";

/** Directory levels below the export directory searched (a request's `path` is at most 8 deep). */
export const MAX_PRUNE_DEPTH = 10;

const DAY_MS = 86_400_000;

/** What a prune did; paths are relative to the export directory. */
export interface PruneResult {
  readonly removed: readonly string[];
  readonly failed: ReadonlyArray<{ readonly file: string; readonly error: string }>;
}

/** Deletes export files last modified more than `retentionDays` days before `now`; `0` keeps everything. */
export async function pruneExports(root: string, retentionDays: number, now: Date): Promise<PruneResult> {
  const removed: string[] = [];
  const failed: Array<{ file: string; error: string }> = [];
  if (retentionDays <= 0) return { removed, failed };
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const visit = async (directory: string, depth: number): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(directory, entry.name);
      const relative = path.relative(root, file);
      if (entry.isDirectory() && depth < MAX_PRUNE_DEPTH) await visit(file, depth + 1);
      if (!entry.isFile() || !EXPORT_FILE_NAME.test(entry.name)) continue;
      try {
        if ((await lstat(file)).mtimeMs >= cutoff) continue;
        await unlink(file);
        removed.push(relative);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") failed.push({ file: relative, error: errorText(error) });
      }
    }
  };
  await visit(root, 0);
  return { removed, failed };
}
