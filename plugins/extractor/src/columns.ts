// Which columns a file has, in a stable order: `dn` first, then the selected attributes in the task's order, or with
// ALL every user attribute the extracted entries hold, sorted by name. Upstream used the order in which PHP happened
// to see the attributes, with the DN last.
import type { DirectoryEntry } from "@fdo/sdk";
import type { AttributeSelection } from "./task-spec.js";

/** The first column: the entry's DN. */
export const DN_COLUMN = "dn";

/**
 * Never part of ALL: password hashes and secrets (a CSV is mailed around), and binary values (a CSV holds text).
 * Naming one explicitly still exports it, with a warning: the administrator's setting wins.
 */
export const EXCLUDED_FROM_ALL: readonly string[] = [
  "userPassword",
  "authPassword",
  "sambaNTPassword",
  "sambaLMPassword",
  "sambaPasswordHistory",
  "fdRefreshToken",
  "krb5Key",
  "jpegPhoto",
  "photo",
  "audio",
  "userCertificate",
  "userSMIMECertificate",
  "userPKCS12",
];

const EXCLUDED = new Set(EXCLUDED_FROM_ALL.map((name) => name.toLowerCase()));

/** The attributes to read from each user: the selected ones, or all user attributes (`undefined`). */
export function attributesToRead(selection: AttributeSelection): readonly string[] | undefined {
  return selection.all ? undefined : selection.attributes;
}

/** Columns for an explicit selection; known in advance, so rows can be written as entries arrive. */
export function selectedColumns(attributes: readonly string[]): string[] {
  return [DN_COLUMN, ...attributes.filter((name) => name.toLowerCase() !== DN_COLUMN)];
}

/** Columns for ALL: every attribute name the entries hold (first spelling kept), excluded ones left out, sorted. */
export function allColumns(entries: readonly DirectoryEntry[]): string[] {
  const names = new Map<string, string>();
  for (const entry of entries) {
    for (const name of entry.attributeNames) {
      const key = name.toLowerCase();
      if (!EXCLUDED.has(key) && key !== DN_COLUMN && !names.has(key)) names.set(key, name);
    }
  }
  return [DN_COLUMN, ...[...names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, name]) => name)];
}

/** Warnings for explicitly selected attributes that ALL would leave out. */
export function selectionWarnings(selection: AttributeSelection): string[] {
  if (selection.all) return [];
  return selection.attributes.filter((name) => EXCLUDED.has(name.toLowerCase())).map((name) => `${name} is exported because the task names it (ALL leaves it out)`);
}
