/**
 * One LDAP entry with its attributes normalised: names are matched case-insensitively and every attribute is a
 * list, whether the server sent one value or several.
 * @public
 */
export interface DirectoryEntry {
  /** The entry's DN as the server returned it. */
  readonly dn: string;
  /** Attribute names as the server spelled them. */
  readonly attributeNames: readonly string[];
  /** All values of an attribute (case-insensitive name), empty when absent. */
  values(attribute: string): readonly string[];
  /** The first value, or `undefined`. */
  first(attribute: string): string | undefined;
  /** All values as raw bytes; only for attributes requested in `binaryAttributes`. */
  buffers(attribute: string): readonly Buffer[];
  /** True when the attribute has at least one value. */
  has(attribute: string): boolean;
}

/**
 * A search. Results are always paged (RFC 2696), so any number of entries can be read.
 * @public
 */
export interface DirectorySearch {
  /** Search base DN. */
  readonly base: string;
  /** `sub` (default), `one` or `base`. */
  readonly scope?: "base" | "one" | "sub";
  /** RFC 4515 filter; build it with {@link ldapFilter} so every value is escaped. Default `(objectClass=*)`. */
  readonly filter?: string;
  /** Attributes to return; all user attributes when omitted. */
  readonly attributes?: readonly string[];
  /** Attributes to return as bytes (e.g. `fdMailAttachmentsContent`). */
  readonly binaryAttributes?: readonly string[];
  /** Entries per page; the host's default when omitted. */
  readonly pageSize?: number;
  /**
   * At most this many entries are wanted: the search is one unpaged request sharing the host's main connection
   * (cheaper than a paged search, which takes a connection of its own), and it yields at most that many. Whether more
   * match is not said: ask one more than you need to tell "more than N". A whole number, at least 1; `pageSize` is
   * then ignored.
   */
  readonly sizeLimit?: number;
}

/**
 * One modification of an attribute. Use `replace` for single-valued state; `delete` with values plus `add` in the
 * same {@link Directory.modify} call is an atomic compare-and-swap.
 * @public
 */
export interface DirectoryChange {
  readonly operation: "add" | "delete" | "replace";
  readonly attribute: string;
  /** Values to add, delete or set; empty `delete` removes the attribute, empty `replace` clears it. */
  readonly values: ReadonlyArray<string | Buffer>;
}

/**
 * The LDAP directory, bound as the orchestrator's service account. Failures are thrown as the `FDO_ERR_LDAP_*`
 * errors; a lost compare-and-swap is `FDO_ERR_LDAP_CONFLICT`.
 * @public
 */
export interface Directory {
  /** Streams the matching entries page by page. */
  search(search: DirectorySearch): AsyncIterable<DirectoryEntry>;
  /** Collects every matching entry. Prefer {@link Directory.search} for large result sets. */
  searchAll(search: DirectorySearch): Promise<DirectoryEntry[]>;
  /** Reads one entry, or `null` when it does not exist. */
  read(dn: string, attributes?: readonly string[]): Promise<DirectoryEntry | null>;
  /** Applies all changes atomically (one LDAP modify). */
  modify(dn: string, changes: readonly DirectoryChange[]): Promise<void>;
  /** Creates an entry. */
  add(dn: string, attributes: Readonly<Record<string, string | Buffer | ReadonlyArray<string | Buffer>>>): Promise<void>;
  /** Deletes an entry. */
  delete(dn: string): Promise<void>;
  /** Checks that the directory answers and the service bind holds; throws `FDO_ERR_LDAP_UNAVAILABLE` if not. */
  ping(): Promise<void>;
}
