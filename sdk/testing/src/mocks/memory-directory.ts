import { type DirectoryChange, type DirectoryEntry, LdapAlreadyExistsError, LdapNoSuchObjectError } from "@fdo/sdk";
import { FakeDirectory } from "./directory.js";
import { type Attributes, fakeEntry } from "./fakes.js";

type Values = Array<string | Buffer>;

function attributesOf(entry: DirectoryEntry): Map<string, Values> {
  return new Map(entry.attributeNames.map((name) => [name, [...entry.values(name)]]));
}

/**
 * A writable in-memory `Directory`: {@link FakeDirectory}'s searches and reads, plus `add`, `modify` and `delete`
 * with the errors the host's directory throws (`FDO_ERR_LDAP_ALREADY_EXISTS`, `FDO_ERR_LDAP_NO_SUCH_OBJECT`). A
 * `modify` applies its changes in order; a `delete` of values that are not there is not an error (a real server
 * refuses it: test compare-and-swap races against the real directory, with `startTestHost`). Every write is
 * journalled in `writes`, and `failNext` makes one chosen write throw.
 * @public
 */
export class MemoryDirectory extends FakeDirectory {
  /** Every write, as `<operation> <dn>` (`modify` adds `<operation>:<attribute>,...`). */
  readonly writes: string[] = [];
  /** Makes the next matching write throw `error` (any DN when `dn` is omitted); cleared once used. */
  failNext: { operation: "add" | "modify" | "delete"; dn?: string; error: Error } | undefined;

  constructor(entries: ReadonlyArray<DirectoryEntry>) {
    super(entries);
  }

  #index(dn: string): number {
    return this.entries.findIndex((entry) => entry.dn.toLowerCase() === dn.toLowerCase());
  }

  #maybeFail(operation: "add" | "modify" | "delete", dn: string): void {
    const failure = this.failNext;
    if (failure !== undefined && failure.operation === operation && (failure.dn === undefined || failure.dn.toLowerCase() === dn.toLowerCase())) {
      this.failNext = undefined;
      throw failure.error;
    }
  }

  /** The attributes of an entry, `undefined` when it does not exist. */
  attributes(dn: string): Record<string, readonly string[]> | undefined {
    const entry = this.entries[this.#index(dn)];
    return entry === undefined ? undefined : Object.fromEntries(entry.attributeNames.map((name) => [name, entry.values(name)]));
  }

  override async add(dn: string, attributes: Attributes): Promise<void> {
    this.#maybeFail("add", dn);
    if (this.#index(dn) !== -1) throw new LdapAlreadyExistsError(`already exists: ${dn}`);
    this.writes.push(`add ${dn}`);
    this.entries.push(fakeEntry(dn, attributes));
  }

  override async modify(dn: string, changes: readonly DirectoryChange[]): Promise<void> {
    this.#maybeFail("modify", dn);
    const index = this.#index(dn);
    const entry = this.entries[index];
    if (entry === undefined) throw new LdapNoSuchObjectError(`no such object: ${dn}`);
    const attributes = attributesOf(entry);
    for (const change of changes) {
      const name = [...attributes.keys()].find((key) => key.toLowerCase() === change.attribute.toLowerCase()) ?? change.attribute;
      const current = attributes.get(name) ?? [];
      if (change.operation === "replace") attributes.set(name, [...change.values]);
      else if (change.operation === "add") attributes.set(name, [...current, ...change.values]);
      else attributes.set(name, change.values.length === 0 ? [] : current.filter((value) => !change.values.includes(value)));
      if ((attributes.get(name) ?? []).length === 0) attributes.delete(name);
    }
    this.writes.push(`modify ${dn} ${changes.map((change) => `${change.operation}:${change.attribute}`).join(",")}`);
    this.entries[index] = fakeEntry(dn, Object.fromEntries(attributes));
  }

  override async delete(dn: string): Promise<void> {
    this.#maybeFail("delete", dn);
    const index = this.#index(dn);
    if (index === -1) throw new LdapNoSuchObjectError(`no such object: ${dn}`);
    this.writes.push(`delete ${dn}`);
    this.entries.splice(index, 1);
  }
}
