// RFC 4180 CSV: fields separated by commas, records by CRLF, a field quoted when it holds a comma, a quote, CR or LF,
// quotes doubled inside. A multi-valued attribute is one field, its values joined with ";" (as upstream). Text is
// UTF-8 without a byte order mark. Rows are produced one by one, so a file can be written as entries arrive.
import type { DirectoryEntry } from "@fdo/sdk";
import { DN_COLUMN } from "./columns.js";

export const CSV_NEWLINE = "\r\n";
/** Joins the values of a multi-valued attribute in one field. */
export const VALUE_SEPARATOR = ";";

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted when needed. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its line break. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}${CSV_NEWLINE}`;
}

/** An entry's record: its DN in the `dn` column, each other column's values joined, empty when absent. */
export function entryRecord(entry: DirectoryEntry, columns: readonly string[]): string {
  return csvRecord(columns.map((column) => (column === DN_COLUMN ? entry.dn : entry.values(column).join(VALUE_SEPARATOR))));
}

/** The header line, then one line per entry, in order. */
export async function* csvLines(columns: readonly string[], entries: AsyncIterable<DirectoryEntry> | Iterable<DirectoryEntry>): AsyncGenerator<string, void, undefined> {
  yield csvRecord(columns);
  for await (const entry of entries) yield entryRecord(entry, columns);
}
