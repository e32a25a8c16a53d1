import type { Directory, DirectoryChange, Logger, MainTask, Subtask, TaskStore } from "@fdo/sdk";
import test from "ava";
import { LdapDirectoryEntry } from "../../ldap/directory-entry.js";
import type { Fd16Bookkeeping, Fd16Writes } from "./fd16-writes.js";
import { RunBookkeeping } from "./run-bookkeeping.js";
import { executionStamp } from "./stamp-time.js";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const MASTER = "cn=task,ou=tasks,dc=example,dc=org";
const ALL: Fd16Writes = { subtaskLastExec: true, subtaskNextExec: true, mainTaskStamps: true, userTagging: true, generalizedTime: true };

function subtask(cn: string): Subtask {
  return { dn: `cn=${cn},ou=tasks,dc=example,dc=org`, cn, type: "probe", masterDn: MASTER, status: "1", schedule: undefined, entry: new LdapDirectoryEntry(`cn=${cn}`, {}) };
}

function bookkeeping(main: Record<string, string>, writes: Fd16Writes = ALL) {
  const modifies: Array<{ dn: string; changes: readonly DirectoryChange[] }> = [];
  let reads = 0;
  let now = new Date("2026-11-28T10:00:00Z");
  const store = {
    async readMainTask(dn: string): Promise<MainTask | null> {
      reads += 1;
      return { dn, cn: "task", entry: new LdapDirectoryEntry(dn, main) };
    },
    timeZone: async () => "Europe/Paris",
  } as unknown as TaskStore;
  const directory = { modify: async (dn: string, changes: readonly DirectoryChange[]) => void modifies.push({ dn, changes }) } as unknown as Directory;
  const fd16 = { writes: async () => writes } as unknown as Fd16Bookkeeping;
  const books = new RunBookkeeping({ directory, store, clock: { now: () => now }, logger: silent, fd16 });
  return { books, modifies, reads: () => reads, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const values = (changes: readonly DirectoryChange[]) => Object.fromEntries(changes.map((change) => [change.attribute, change.values.join()]));

test("the main task is read once and stamped once per run, with its latest subtask stamp", async (t) => {
  const { books, modifies, reads, advance } = bookkeeping({ fdTasksRepeatable: "true", fdTasksRepeatableSchedule: "daily" });
  for (const cn of ["a", "b", "c"]) {
    const { at, changes } = await books.stamps(subtask(cn));
    t.like(values(changes), { fdTasksGranularLastExec: executionStamp(at), fdTasksGranularNextExec: executionStamp(new Date(at.getTime() + 86_400_000)) });
    await books.settled(subtask(cn), at, { kind: "done" });
    advance(60_000);
  }
  await books.finish();
  t.is(reads(), 1);
  t.deepEqual(
    modifies.map((modify) => [modify.dn, values(modify.changes)]),
    [[MASTER, { fdTasksLastExec: "20261128100200Z", fdTasksNextExec: "20261129100200Z" }]],
  );
});

test("what the schema lacks is not written: no stamps, no main task write, no tagging", async (t) => {
  const none: Fd16Writes = { subtaskLastExec: false, subtaskNextExec: false, mainTaskStamps: false, userTagging: false, generalizedTime: false };
  const { books, modifies, reads } = bookkeeping({ fdTasksRepeatable: "TRUE", fdTasksRepeatableSchedule: "Hourly" }, none);
  const { at, changes } = await books.stamps(subtask("a"));
  t.deepEqual(changes, []);
  await books.settled(subtask("a"), at, { kind: "done", executedFor: ["uid=alice,ou=people,dc=example,dc=org"] });
  await books.finish();
  t.deepEqual(modifies, []);
  t.is(reads(), 0);
});

test("a run that lost the directory writes the user tags it started but no main task stamp", async (t) => {
  const { books, modifies } = bookkeeping({ fdTasksRepeatable: "TRUE", fdTasksRepeatableSchedule: "Daily" });
  const { at } = await books.stamps(subtask("a"));
  await books.settled(subtask("a"), at, { kind: "done", executedFor: ["uid=alice,ou=people,dc=example,dc=org"] });
  await books.finish(true);
  t.deepEqual(
    modifies.map((modify) => modify.dn),
    ["uid=alice,ou=people,dc=example,dc=org"],
  );
});

test("a user the handler recorded itself (however its DN is spelt) is not tagged again; the others are", async (t) => {
  const { books, modifies } = bookkeeping({});
  await books.prime();
  const handled = new Set<string>();
  const record = books.executionRecord(subtask("a"), handled);
  record?.written(new LdapDirectoryEntry("uid=alice,ou=people,dc=example,dc=org", {}));
  const { at } = await books.stamps(subtask("a"));
  await books.settled(subtask("a"), at, { kind: "done", executedFor: ["UID=Alice, ou=people,dc=example,dc=org", "uid=bob,ou=people,dc=example,dc=org"] }, handled);
  await books.finish();
  t.deepEqual(
    modifies.map((modify) => modify.dn).filter((dn) => dn !== MASTER),
    ["uid=bob,ou=people,dc=example,dc=org"],
  );
});

test("user tags in flight are bounded: a settled subtask waits while 32 are being written, and every user is tagged", async (t) => {
  const held: Array<() => void> = [];
  const tagged: string[] = [];
  let inFlight = 0;
  let most = 0;
  const directory = {
    modify: (dn: string) =>
      new Promise<void>((resolve) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        held.push(() => {
          inFlight -= 1;
          tagged.push(dn);
          resolve();
        });
      }),
  } as unknown as Directory;
  const store = { readMainTask: async () => null, timeZone: async () => "UTC" } as unknown as TaskStore;
  const fd16 = { writes: async () => ({ ...ALL, mainTaskStamps: false }) } as unknown as Fd16Bookkeeping;
  const books = new RunBookkeeping({ directory, store, clock: { now: () => new Date("2026-11-28T10:00:00Z") }, logger: silent, fd16 });
  const users = Array.from({ length: 40 }, (_, index) => `uid=user${index},ou=people,dc=example,dc=org`);
  let settled = false;
  const settling = books.settled(subtask("a"), new Date(), { kind: "done", executedFor: users }).then(() => {
    settled = true;
  });
  while (held.length < 32) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  t.is(inFlight, 32);
  t.false(settled, "the subtask waits for a tag to land before starting the 33rd");
  while (!settled || held.length > 0) {
    held.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await settling;
  await books.finish();
  t.is(most, 32);
  t.deepEqual(tagged.slice().sort(), users.slice().sort());
});
