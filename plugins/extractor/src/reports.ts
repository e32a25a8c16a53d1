// Upstream's result texts of PATCH /api/tasks/extractor and /export (`{"<subtask dn>": {"result": "<text>"}}`, or
// `{"status": "No tasks to process for …"}` when nothing was processed). On failure the text is also the status.
import type { ExportFlavour } from "./flavours.js";

/** The task lists nobody (status `2`, as upstream: the next cycle may have someone). */
export const NO_USER_DNS = "No user DNs to process.";

/** The body when no subtask was processed. */
export function nothingToProcess(flavour: ExportFlavour): { readonly status: string } {
  return { status: flavour.nothingToProcess };
}

function withErrors(text: string, label: string, errors: readonly string[]): string {
  return errors.length === 0 ? text : `${text} ${label} ${errors.join("; ")}`;
}

/** One user that could not be read. */
export function fetchError(dn: string, message: string): string {
  return `Error fetching attributes for DN '${dn}': ${message}`;
}

/** Nobody listed could be read (status `2`). */
export function noAttributesText(flavour: ExportFlavour, errors: readonly string[]): string {
  return withErrors(flavour.noAttributes, "Errors:", errors);
}

/** The file is written; `mailed` says whether it went out or there was no sender or recipient (status `2`). */
export function writtenText(flavour: ExportFlavour, file: string, mailed: boolean, errors: readonly string[]): string {
  const mail = mailed ? "Email sent to recipients." : "Email not sent: sender or recipient missing.";
  return withErrors(`Batch ${flavour.noun} successful to ${file}. ${mail}`, "Some errors encountered:", errors);
}

/** The file is written but the mail failed: this text is the status (restartable); the file stays. */
export function mailFailedText(flavour: ExportFlavour, file: string, reply: string): string {
  return `Batch ${flavour.noun} successful to ${file}, but email failed: ${reply}`;
}

/** The file could not be written: this text is the status. */
export function writeFailedText(file: string): string {
  return `Failed to write batch data to ${file}.`;
}

/** A subtask failed before a file existed (bad task, directory gone...): the result; the status is `message`. */
export function failedText(flavour: ExportFlavour, message: string): string {
  return `${flavour.errorPrefix}${message}`;
}

/** A dry run: what would be written and who would get it. */
export function dryRunReport(flavour: ExportFlavour, directory: string, users: readonly string[], columns: readonly string[] | "ALL", recipients: readonly string[]) {
  return {
    dryRun: true,
    result: `Batch ${flavour.noun} of ${users.length} user${users.length === 1 ? "" : "s"} would be written to ${directory}.`,
    users: [...users],
    columns: columns === "ALL" ? "ALL" : [...columns],
    recipients: [...recipients],
  };
}
