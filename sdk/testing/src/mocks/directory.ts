import { type Directory, type DirectoryChange, type DirectoryEntry, type DirectorySearch, LdapNoSuchObjectError } from "@fdo/sdk";

const noSuchObject = (dn: string): Error => new LdapNoSuchObjectError(`no such object: ${dn}`);

/**
 * A read-only {@link Directory} over the given entries, for code that searches and reads. Searches are subtree
 * searches filtered on the `objectClass` values named in the filter, nothing else (enough for `(objectClass=x)`,
 * `(|(objectClass=x)(objectClass=y))` and `(objectClass=*)`: other filter terms are ignored, so the code under test
 * must not rely on the server to filter them); `scope`, `attributes` and paging are ignored too, `sizeLimit` is kept. A search whose base
 * is not an entry throws `missing(base)` (default: `FDO_ERR_LDAP_NO_SUCH_OBJECT`, as the host's directory does).
 * Writes throw: use {@link MemoryDirectory} for code that writes.
 * @public
 */
export class FakeDirectory implements Directory {
  /** The base of every search, in order. */
  readonly searches: string[] = [];
  readonly entries: DirectoryEntry[];

  constructor(
    entries: ReadonlyArray<DirectoryEntry>,
    private readonly missing: (dn: string) => Error = noSuchObject,
  ) {
    this.entries = [...entries];
  }

  async *search(search: DirectorySearch): AsyncIterable<DirectoryEntry> {
    yield* await this.searchAll(search);
  }

  async searchAll(search: Pick<DirectorySearch, "base" | "filter" | "sizeLimit">): Promise<DirectoryEntry[]> {
    this.searches.push(search.base);
    const base = search.base.toLowerCase();
    if (!this.entries.some((entry) => entry.dn.toLowerCase() === base)) throw this.missing(search.base);
    const classes = [...(search.filter ?? "(objectClass=*)").matchAll(/objectClass=([^)]+)/gi)].map((match) => (match[1] ?? "").toLowerCase());
    const found = this.entries.filter((entry) => {
      const dn = entry.dn.toLowerCase();
      if (dn !== base && !dn.endsWith(`,${base}`)) return false;
      return classes.includes("*") || entry.values("objectClass").some((value) => classes.includes(value.toLowerCase()));
    });
    return search.sizeLimit === undefined ? found : found.slice(0, search.sizeLimit);
  }

  async read(dn: string): Promise<DirectoryEntry | null> {
    return this.entries.find((entry) => entry.dn.toLowerCase() === dn.toLowerCase()) ?? null;
  }

  async add(dn: string, _attributes: Readonly<Record<string, string | Buffer | ReadonlyArray<string | Buffer>>>): Promise<void> {
    throw new Error(`FakeDirectory is read-only (add ${dn}); use MemoryDirectory`);
  }

  async modify(dn: string, _changes: readonly DirectoryChange[]): Promise<void> {
    throw new Error(`FakeDirectory is read-only (modify ${dn}); use MemoryDirectory`);
  }

  async delete(dn: string): Promise<void> {
    throw new Error(`FakeDirectory is read-only (delete ${dn}); use MemoryDirectory`);
  }

  /** Always answers. */
  async ping(): Promise<void> {}
}

/**
 * The fake typed as the {@link Directory} the code under test takes (it is one; this only reads as intent at the
 * call site).
 * @public
 */
export function asDirectory(fake: FakeDirectory): Directory {
  return fake;
}
