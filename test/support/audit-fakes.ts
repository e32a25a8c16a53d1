// Test doubles for the Audit plugin's unit tests: an in-memory directory of audit events that records searches and
// deletes, and a task store with main tasks.
import { type Directory, type DirectoryChange, type DirectoryEntry, type DirectorySearch, LdapNoSuchObjectError, type MainTask, type Subtask, type SubtaskContext, type TaskStore } from "@fdo/sdk";
import { type Attributes, fakeEntry } from "@fdo/testing";

export const NOW = new Date("2026-11-28T10:00:00Z");
export const AUDIT_BASE = "ou=audit,dc=example,dc=org";

export const auditEntry = (at: string, extra: Attributes = {}, dn = `fdAuditDateTime=${at},${AUDIT_BASE}`): DirectoryEntry =>
  fakeEntry(dn, {
    objectClass: "fdAuditEvent",
    fdAuditDateTime: at,
    fdAuditAction: "modify",
    fdAuditAuthorDN: "uid=admin,ou=people,dc=example,dc=org",
    fdAuditObject: "uid=alice,ou=people,dc=example,dc=org",
    fdAuditObjectType: "plugin/user",
    ...extra,
  });

/**
 * Audit events in memory. Searches return the events under the base still present when reached (a later page of a
 * real paged search does not return deleted entries either) and ignore the filter beyond that: the plugin filters
 * again on its side. `journal` records what happened, in order.
 */
export class FakeAuditDirectory implements Directory {
  readonly entries = new Map<string, DirectoryEntry>();
  readonly journal: string[] = [];
  readonly searches: DirectorySearch[] = [];
  /** DN (lower case) → error its delete throws. */
  readonly failures = new Map<string, Error>();
  /** DNs (lower case) whose delete "succeeds" but leaves the entry. */
  readonly undeletable = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    entries: readonly DirectoryEntry[],
    private readonly bases: readonly string[] = [AUDIT_BASE],
  ) {
    for (const entry of entries) this.entries.set(entry.dn.toLowerCase(), entry);
  }

  async *search(search: DirectorySearch): AsyncGenerator<DirectoryEntry, void, undefined> {
    this.searches.push(search);
    const base = search.base.toLowerCase();
    if (!this.bases.some((known) => known.toLowerCase() === base)) throw new LdapNoSuchObjectError(`no such object ${search.base}`);
    const snapshot = [...this.entries.keys()].filter((dn) => dn.endsWith(`,${base}`));
    for (const key of snapshot) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      this.journal.push(`yield ${entry.dn}`);
      yield entry;
    }
  }

  async searchAll(search: DirectorySearch): Promise<DirectoryEntry[]> {
    const found: DirectoryEntry[] = [];
    for await (const entry of this.search(search)) found.push(entry);
    return found;
  }

  async read(dn: string): Promise<DirectoryEntry | null> {
    return this.entries.get(dn.toLowerCase()) ?? null;
  }

  async delete(dn: string): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const key = dn.toLowerCase();
      const failure = this.failures.get(key);
      if (failure !== undefined) throw failure;
      if (!this.entries.has(key)) throw new LdapNoSuchObjectError(`no such object ${dn}`);
      this.journal.push(`delete ${dn}`);
      if (!this.undeletable.has(key)) this.entries.delete(key);
    } finally {
      this.inFlight -= 1;
    }
  }

  async modify(_dn: string, _changes: readonly DirectoryChange[]): Promise<void> {
    throw new Error("modify is not expected");
  }

  async add(_dn: string, _attributes: Attributes): Promise<void> {
    throw new Error("add is not expected");
  }

  async ping(): Promise<void> {}

  /** DNs still present, sorted. */
  remaining(): string[] {
    return [...this.entries.values()].map((entry) => entry.dn).sort();
  }
}

/** Main tasks by DN; FusionDirectory's zone is Europe/Paris as in the demo directory. */
export class FakeTaskStore implements TaskStore {
  readonly #tasks = new Map<string, MainTask>();

  constructor(tasks: Readonly<Record<string, Attributes>> = {}) {
    for (const [dn, attributes] of Object.entries(tasks)) {
      this.#tasks.set(dn, { dn, cn: dn.slice(3, dn.indexOf(",")), entry: fakeEntry(dn, { objectClass: ["top", "fdTasks", "fdAuditTasks"], ...attributes }) });
    }
  }

  async *listMainTasks(): AsyncIterable<MainTask> {
    yield* this.#tasks.values();
  }

  listSubtasks(): AsyncIterable<Subtask> {
    return (async function* () {})();
  }

  async readMainTask(dn: string): Promise<MainTask | null> {
    return this.#tasks.get(dn) ?? null;
  }

  async timeZone(): Promise<string> {
    return "Europe/Paris";
  }
}

export function context(options: { dryRun?: boolean; now?: Date; signal?: AbortSignal } = {}): SubtaskContext {
  return { dryRun: options.dryRun ?? false, now: options.now ?? NOW, signal: options.signal ?? new AbortController().signal, markIrreversible: async () => undefined };
}
