import type { Directory } from "@fdo/sdk";

/** Upstream's prefix of the export files when FusionDirectory's configuration names none. */
export const DEFAULT_SYSLOG_PREFIX = "fd_syslog";

/** A prefix that stays a file name inside the export directory (no `/`, no leading dot). */
const SAFE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type SyslogPrefix = { readonly ok: true; readonly prefix: string } | { readonly ok: false; readonly error: string };

/**
 * The prefix of the export's files: `fdAuditSyslogPrefix` of FusionDirectory's configuration entry
 * (`cn=config,ou=fusiondirectory,<base>`; FD 1.6, absent from FD 1.5's schema), else upstream's `fd_syslog`. A value
 * that is not a plain file name is refused: written by a directory user, it must never choose where files go.
 */
export async function resolveSyslogPrefix(directory: Directory, ldapBase: string): Promise<SyslogPrefix> {
  const config = await directory.read(`cn=config,ou=fusiondirectory,${ldapBase}`, ["fdAuditSyslogPrefix"]);
  const value = config?.first("fdAuditSyslogPrefix")?.trim() ?? "";
  if (value === "") return { ok: true, prefix: DEFAULT_SYSLOG_PREFIX };
  if (SAFE_PREFIX.test(value)) return { ok: true, prefix: value };
  return { ok: false, error: `fdAuditSyslogPrefix ${JSON.stringify(value)} is not a plain file name (letters, digits, '.', '_', '-'; at most 64)` };
}
