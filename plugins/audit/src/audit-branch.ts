import { type Directory, type DirectoryEntry, type DirectorySearch, isOrchestratorError, LdapNoSuchObjectError } from "@fdo/sdk";

/** FusionDirectory's default audit branch (`fdAuditRDN`). */
export const DEFAULT_AUDIT_RDN = "ou=audit";

/** Every `fdAuditEvent`; build narrower filters with `ldapFilter`. */
export const AUDIT_EVENT_FILTER = "(objectClass=fdAuditEvent)";

/**
 * Where FusionDirectory writes audit events: `<fdAuditRDN>,<LDAP base>`, `fdAuditRDN` read from the configuration
 * entry `cn=config,ou=fusiondirectory,<base>` (default `ou=audit`). FD never writes them anywhere else, so the
 * whole directory does not need to be searched as upstream did.
 */
export async function resolveAuditBase(directory: Directory, ldapBase: string): Promise<string> {
  const config = await directory.read(`cn=config,ou=fusiondirectory,${ldapBase}`, ["fdAuditRDN"]);
  const rdn = config?.first("fdAuditRDN")?.trim() ?? "";
  const branch = rdn === "" ? DEFAULT_AUDIT_RDN : rdn;
  return ldapBase === "" ? branch : `${branch},${ldapBase}`;
}

/** Streams audit events (paged); a missing audit branch simply holds none. */
export async function* auditEvents(directory: Directory, search: DirectorySearch): AsyncGenerator<DirectoryEntry, void, undefined> {
  try {
    yield* directory.search(search);
  } catch (error) {
    if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return;
    throw error;
  }
}
