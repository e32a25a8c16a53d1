// The mail that carries an export file, in upstream's words. The recipients and the sending (budget, exactly once)
// are the host's mail path; this is only the content.
import type { ExportFlavour } from "./flavours.js";

/** A CSV attachment's type. */
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** Subject, body and attachment of the mail for `file`. */
export interface ExportMail {
  readonly subject: string;
  readonly text: string;
  readonly attachments: ReadonlyArray<{ readonly filename: string; readonly content: Buffer; readonly contentType: string }>;
}

/** `Your requested extract is attached.\n\nFile: <path>` with the file attached under its own name. */
export function exportMail(flavour: ExportFlavour, file: { readonly path: string; readonly name: string }, content: Buffer): ExportMail {
  return {
    subject: flavour.subject,
    text: `Your requested ${flavour.thing} is attached.\n\nFile: ${file.path}`,
    attachments: [{ filename: file.name, content, contentType: CSV_CONTENT_TYPE }],
  };
}
