// Directory entries, subtasks and task runs made from plain data, for plugin unit tests.
import type { DirectoryEntry, Subtask, TaskRun } from "@fdo/sdk";

/**
 * Attribute values of a fake entry: one value or several, strings or bytes, by attribute name (any case).
 * @public
 */
export type Attributes = Readonly<Record<string, string | Buffer | ReadonlyArray<string | Buffer>>>;

/**
 * A {@link DirectoryEntry} as the host's directory returns it: attribute names matched case-insensitively, every
 * attribute a list, bytes decoded as UTF-8 by `values()`/`first()` and kept by `buffers()`.
 *
 * @example
 * ```ts
 * const alice = fakeEntry("uid=alice,ou=people,dc=example,dc=org", { objectClass: ["inetOrgPerson"], mail: "alice@example.org" });
 * ```
 * @public
 */
export function fakeEntry(dn: string, attributes: Attributes): DirectoryEntry {
  const lower = new Map<string, ReadonlyArray<string | Buffer>>();
  for (const [name, value] of Object.entries(attributes)) lower.set(name.toLowerCase(), Array.isArray(value) ? value : [value as string | Buffer]);
  const raw = (name: string) => lower.get(name.toLowerCase()) ?? [];
  return {
    dn,
    attributeNames: Object.keys(attributes),
    values: (name) => raw(name).map((value) => (typeof value === "string" ? value : value.toString("utf8"))),
    first: (name) => {
      const value = raw(name)[0];
      return value === undefined ? undefined : typeof value === "string" ? value : value.toString("utf8");
    },
    buffers: (name) => raw(name).map((value) => (typeof value === "string" ? Buffer.from(value, "utf8") : value)),
    has: (name) => raw(name).length > 0,
  };
}

/**
 * A due FusionDirectory subtask (status `1`, scheduled 2026-11-01T08:00:00Z) of `type` under the main task
 * `masterDn`; `attributes` add the type's own (`fdTasksGranularMail`, `fdTasksGranularDN`...). The `cn` is the DN's
 * first RDN value.
 * @public
 */
export function fakeSubtask(dn: string, type: string, attributes: Attributes, masterDn = "cn=main,ou=tasks,dc=example,dc=org"): Subtask {
  return {
    dn,
    cn: dn.slice(3, dn.indexOf(",")),
    type,
    masterDn,
    status: "1",
    schedule: new Date("2026-11-01T08:00:00Z"),
    entry: fakeEntry(dn, { objectClass: ["top", "fdTasksGranular"], fdTasksGranularType: type, fdTasksGranularMaster: masterDn, ...attributes }),
  };
}

/**
 * A {@link TaskRun} as the host passes it to an executor: by default the Mail task type's (`mail`, granular types
 * `Mail Object` and `mail`), not aborted, no body; `overrides` replace any field.
 * @public
 */
export function fakeRun(dryRun = false, overrides: Partial<TaskRun> = {}): TaskRun {
  return { segment: "mail", granularTypes: ["Mail Object", "mail"], dryRun, body: undefined, signal: new AbortController().signal, requestId: "test", ...overrides };
}
