import type { Directory } from "@fdo/sdk";

/**
 * A directory that may delete an entry only while it matches a filter, in one request (the host's LDAP directory can,
 * with the assertion control; test fakes may not, and callers then delete unconditionally).
 */
export type AssertingDirectory = Directory & { readonly deleteIfMatches?: (dn: string, filter: string) => Promise<void> };
