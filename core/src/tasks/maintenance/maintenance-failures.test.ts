import {
  type Directory,
  type DirectoryChange,
  type DirectoryEntry,
  type DirectorySearch,
  FusionDirectoryUnavailableError,
  LdapConflictError,
  LdapNoSuchObjectError,
  LdapOperationError,
  LdapUnavailableError,
  type Logger,
  type TaskStore,
} from "@fdo/sdk";
import test from "ava";
import { ACTIVATED, activationsBody, removalsBody, restartBody } from "../../http/presenters/maintenance.js";
import { LdapDirectoryEntry } from "../../ldap/directory-entry.js";
import { activateCyclicTasks } from "./activate-cyclic-tasks.js";
import type { MaintenanceDeps } from "./maintenance-deps.js";
import { removeSubTasks } from "./remove-subtasks.js";
import { restartFailedTasks } from "./restart-failed-tasks.js";

// Failures a live slapd will not produce on demand (races, a lost server), played by a scripted directory.

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const dn = (cn: string): string => `cn=${cn},ou=tasks,dc=example,dc=org`;

function scriptedDirectory(entries: DirectoryEntry[], failures: Record<string, Error>): Directory & { writes: string[] } {
  const writes: string[] = [];
  const fail = (target: string): void => {
    writes.push(target);
    const error = failures[target];
    if (error !== undefined) throw error;
  };
  return {
    writes,
    async *search(_search: DirectorySearch) {
      yield* entries;
    },
    searchAll: async () => entries,
    read: async () => null,
    modify: async (target: string, _changes: readonly DirectoryChange[]) => fail(target),
    add: async () => undefined,
    delete: async (target: string) => fail(target),
    ping: async () => undefined,
  };
}

function deps(directory: Directory, extra: Partial<MaintenanceDeps> = {}): MaintenanceDeps {
  const store = { timeZone: async () => "Europe/Paris" } as unknown as TaskStore;
  return { directory, store, clock: { now: () => new Date("2026-11-28T10:00:00Z") }, ldapBase: "dc=example,dc=org", logger: silent, ...extra };
}

const failedSubtask = (cn: string): DirectoryEntry => new LdapDirectoryEntry(dn(cn), { fdTasksGranularStatus: "SMTP error" });

test("restart: a status changed since the search is reported, not overwritten, and the others go on", async (t) => {
  const directory = scriptedDirectory([failedSubtask("raced"), failedSubtask("fine")], {
    [dn("raced")]: new LdapConflictError("the expected value is gone"),
  });
  const body = restartBody(await restartFailedTasks(deps(directory)));
  t.deepEqual(body, { updated: [dn("fine")], errors: [{ dn: dn("raced"), error: "status changed meanwhile; not restarted" }] });
});

test("restart: losing the directory ends the request with its 503 error", async (t) => {
  const directory = scriptedDirectory([failedSubtask("a"), failedSubtask("b")], { [dn("a")]: new LdapUnavailableError() });
  await t.throwsAsync(restartFailedTasks(deps(directory)), { message: /directory unavailable/ });
  t.deepEqual(directory.writes, [dn("a")], "no write attempted after the directory was lost");
});

test("remove: an entry already gone counts as removed; another failure is its entry's error; a lost directory aborts", async (t) => {
  const entries = ["gone", "refused", "fine"].map((cn) => new LdapDirectoryEntry(dn(cn), { fdTasksGranularStatus: "2" }));
  const directory = scriptedDirectory(entries, {
    [dn("gone")]: new LdapNoSuchObjectError(),
    [dn("refused")]: new LdapOperationError("LDAP delete refused: insufficient access"),
  });
  t.deepEqual(removalsBody(await removeSubTasks(deps(directory)), "1.5"), {
    [dn("gone")]: { result: true },
    [dn("refused")]: { result: false, error: "LDAP delete refused: insufficient access" },
    [dn("fine")]: { result: true },
  });
  const lost = scriptedDirectory(entries, { [dn("gone")]: new LdapUnavailableError() });
  await t.throwsAsync(removeSubTasks(deps(lost)), { instanceOf: LdapUnavailableError });
});

test("activate: each task gets its own FusionDirectory outcome; a DN echoed in another case still counts", async (t) => {
  const repeatable = (cn: string): DirectoryEntry => new LdapDirectoryEntry(dn(cn), { fdTasksRepeatableSchedule: "Daily", fdTasksScheduleDate: "20261101090000" });
  const directory = scriptedDirectory([repeatable("unreachable"), repeatable("echo"), repeatable("refused")], {});
  const paths: string[] = [];
  const fd = {
    async call(request: { path: string }) {
      paths.push(request.path);
      if (request.path.includes("unreachable")) throw new FusionDirectoryUnavailableError("FusionDirectory PATCH: ECONNREFUSED");
      if (request.path.includes("echo")) return { status: 200, body: "CN=echo, OU=tasks, DC=example, DC=org" };
      return { status: 403, body: { errors: ["not allowed"] } };
    },
  };
  const body = activationsBody(await activateCyclicTasks(deps(directory, { fd })));
  t.deepEqual(body, {
    [dn("unreachable")]: { result: { code: "FDO_ERR_FD_UNAVAILABLE", message: "FusionDirectory PATCH: ECONNREFUSED" } },
    [dn("echo")]: { result: ACTIVATED },
    [dn("refused")]: { result: { errors: ["not allowed"] } },
  });
  t.is(paths.length, 3);
});

test("activate: a due task without a FusionDirectory client is FDO_ERR_FD_NOT_CONFIGURED; nothing due needs none", async (t) => {
  const due = new LdapDirectoryEntry(dn("due"), { fdTasksRepeatableSchedule: "Hourly" });
  const error = await t.throwsAsync(activateCyclicTasks(deps(scriptedDirectory([due], {}))));
  t.is((error as { code?: string } | undefined)?.code, "FDO_ERR_FD_NOT_CONFIGURED");
  t.is((error as { status?: number } | undefined)?.status, 501);
  const waiting = new LdapDirectoryEntry(dn("waiting"), { fdTasksRepeatableSchedule: "Hourly", fdTasksScheduleDate: "20991231235959" });
  t.deepEqual(activationsBody(await activateCyclicTasks(deps(scriptedDirectory([waiting], {})))), {
    [dn("waiting")]: { Status: "This cyclic task has yet to reach its next execution cycle." },
  });
});
