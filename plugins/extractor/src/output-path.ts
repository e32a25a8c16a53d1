// Where an export file may go: only under EXTRACTOR_DIR. Upstream concatenated the request's `path` and `filename`
// and wrote wherever that led. Here `path` is a sub-directory of the export directory (an absolute path is accepted
// when it names the export directory or a directory below it, which is what the official client's
// `--extractor PATH` sends), created as needed, and a symbolic link met on the way must stay inside too.
import { constants } from "node:fs";
import { access, chmod, lstat, mkdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ExportDirUnavailableError, ExportPathInvalidError } from "./errors.js";

/** Sub-directories a `path` may name, at most. */
export const MAX_PATH_SEGMENTS = 8;
/** Longest file base or directory name. */
export const MAX_NAME_LENGTH = 100;
/** Mode of the directories created for a `path`. */
export const EXPORT_DIR_MODE = 0o750;

/** The export directory as configured and as it really is (symbolic links resolved). */
export interface ExportRoot {
  readonly configured: string;
  readonly real: string;
}

// Letters and digits of any script, blanks, `.`, `_`, `-`, `(`, `)`; never a leading dot (`..`, hidden files).
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]*$/u;

const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

function refuse(field: "path" | "filename", value: string, why: string): never {
  throw new ExportPathInvalidError(`${field} ${shown(value)} is not allowed: ${why}`, { details: { field } });
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The export directory, checked: it must exist (`create` makes it, mode 0750, when it is missing: the default
 * directory), be a directory and be writable. Call it at start-up and before each run.
 */
export async function openExportRoot(configured: string, create: boolean): Promise<ExportRoot> {
  const unavailable = (why: string, cause?: unknown) => new ExportDirUnavailableError(`EXTRACTOR_DIR ${configured} ${why}`, { cause });
  let real: string;
  try {
    real = await realpath(configured);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || !create) throw unavailable("does not exist", error);
    await mkdir(configured, { recursive: true, mode: EXPORT_DIR_MODE })
      .then(() => chmod(configured, EXPORT_DIR_MODE)) // the process umask may have taken bits away
      .catch((cause: unknown) => {
        throw unavailable("cannot be created", cause);
      });
    real = await realpath(configured);
  }
  if (!(await stat(real)).isDirectory()) throw unavailable("is not a directory");
  await access(real, constants.W_OK | constants.X_OK).catch((cause: unknown) => {
    throw unavailable("is not writable", cause);
  });
  return { configured: path.resolve(configured), real };
}

/** The sub-directory names a `path` asks for, relative to the export directory; refuses anything leading out. */
export function requestedSegments(root: ExportRoot, requested: string): string[] {
  if (/[\0-\x1f\x7f]/.test(requested)) refuse("path", requested, "it contains a NUL or control character");
  if (requested.includes("\\")) refuse("path", requested, "use / between directories");
  if (requested.split("/").includes("..")) refuse("path", requested, "'..' is not allowed");
  let relative = requested;
  if (path.isAbsolute(requested)) {
    const base = [root.configured, root.real].find((candidate) => isInside(candidate, path.normalize(requested)));
    if (base === undefined) refuse("path", requested, "an absolute path must lie inside the export directory");
    relative = path.relative(base, path.normalize(requested));
  }
  const segments = relative.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.length > MAX_PATH_SEGMENTS) refuse("path", requested, `at most ${MAX_PATH_SEGMENTS} directories deep`);
  for (const segment of segments) {
    if (segment.length > MAX_NAME_LENGTH || !NAME.test(segment)) {
      refuse("path", requested, `directory names are letters, digits, blanks and . _ - ( ), not starting with a dot, at most ${MAX_NAME_LENGTH} characters`);
    }
  }
  return segments;
}

/**
 * The directory a request's `path` names inside the export directory, created (mode 0750) where missing. A symbolic
 * link on the way is followed only when it stays inside; anything else is `FDO_ERR_EXTRACTOR_PATH_INVALID` (400)
 * naming the field. No `path` is the export directory itself.
 */
export async function resolveExportDirectory(root: ExportRoot, requested: string | undefined): Promise<string> {
  if (requested === undefined) return root.real;
  let current = root.real;
  for (const segment of requestedSegments(root, requested)) {
    const next = path.join(current, segment);
    let info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (info === undefined) {
      await mkdir(next, { mode: EXPORT_DIR_MODE }).then(
        () => chmod(next, EXPORT_DIR_MODE),
        (error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error; // created meanwhile by a concurrent run: checked below like any other
        },
      );
      info = await lstat(next);
    }
    if (info.isSymbolicLink()) {
      const target = await realpath(next).catch(() => refuse("path", requested, "a symbolic link on the way leads nowhere"));
      if (!isInside(root.real, target)) refuse("path", requested, "a symbolic link on the way leads out of the export directory");
      if (!(await stat(target)).isDirectory()) refuse("path", requested, `${segment} is not a directory`);
      current = target;
    } else if (info.isDirectory()) {
      current = next;
    } else {
      refuse("path", requested, `${segment} is not a directory`);
    }
  }
  return current;
}

/** The base of the file name a request's `filename` asks for: one plain name, never a path. */
export function requestedFileBase(filename: string): string {
  if (/[\0-\x1f\x7f]/.test(filename)) refuse("filename", filename, "it contains a NUL or control character");
  if (filename.includes("/") || filename.includes("\\")) refuse("filename", filename, "it must be a name, not a path");
  if (filename.length > MAX_NAME_LENGTH || !NAME.test(filename)) {
    refuse("filename", filename, `use letters, digits, blanks and . _ - ( ), not starting with a dot, at most ${MAX_NAME_LENGTH} characters`);
  }
  return filename;
}

/** The file base when the request names none: the main task's cn, with anything but safe characters replaced. */
export function taskFileBase(taskName: string): string {
  const safe = taskName
    .replace(/[^\p{L}\p{N}._-]+/gu, "_")
    .replace(/^[._]+/, "")
    .slice(0, MAX_NAME_LENGTH);
  return safe === "" ? "export" : safe;
}
