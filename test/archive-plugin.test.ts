// The Archive plugin against a real slapd (demo + FD 1.6 fixtures) and the FusionDirectory REST stand-in, which
// answers 204 to POST /archive/user/<dn> and records every call. Clock frozen at 2026-11-28T10:00:00Z.
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { startTestHost, type TestHost } from "@fdo/testing";
import { fakeFusionDirectoryConfig, startFakeFusionDirectory, type FakeFusionDirectory } from "./support/fake-fusiondirectory.js";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const PLUGIN = path.resolve("plugins/archive");
const LDIF = [path.resolve("test/fixtures/fd16-directory.ldif"), path.resolve("test/archive-plugin/archive-fixtures.ldif")];
const NOW = "2026-11-28T10:00:00Z";
const subtask = (n: string) => `cn=f16-archive-expired-SubTask-1795780801_${n},${TASKS}`;
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
type Body = Record<string, Record<string, unknown>> & { summary?: Record<string, number> };

async function archivingFd(t: ExecutionContext, status = 204): Promise<FakeFusionDirectory> {
  const fake = await startFakeFusionDirectory();
  fake.override((call) => (call.method === "POST" && call.path.startsWith("/archive/user/") ? { status } : undefined));
  t.teardown(() => fake.stop());
  return fake;
}

async function host(t: ExecutionContext, fake: FakeFusionDirectory): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ldif: LDIF, now: NOW, config: fakeFusionDirectoryConfig(fake) });
  t.teardown(() => started.stop());
  t.deepEqual(started.plugins.loaded.map((plugin) => plugin.id), ["archive"]);
  return started;
}

const archived = (fake: FakeFusionDirectory) => fake.apiCalls().filter((call) => call.path.startsWith("/archive/user/")).map((call) => decodeURIComponent(call.path.slice("/archive/user/".length)));
const successes = (body: Body) => Object.values(body).filter((entry) => /successfully archived/.test(String(entry?.["result"]))).length;
const status = async (h: TestHost, dn: string) => (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");

test.serial("a matching user is archived through FusionDirectory, others get upstream's texts; a group of 3 is expanded once", async (t) => {
  const fake = await archivingFd(t);
  const h = await host(t, fake);
  const first = await h.request("PATCH", "/api/tasks/archive");
  t.is(first.status, 200);
  const body = first.body as Body;
  t.deepEqual(body[subtask("9001")], { result: `User ${user("f16-ann")} successfully archived.` });
  t.is(body[subtask("9002")]?.["result"], "User does not meet the criteria for archiving.");
  t.regex(String(body[subtask("9006")]?.["result"]), /^Error archiving user: User not found/);
  const trio = body[subtask("9003")] as { result: string; members: string[]; created: string[] };
  t.regex(trio.result, /expanded into 3 member subtasks \(3 new, 0 already present\)/);
  t.deepEqual([...trio.members].sort(), [user("f16-ann"), user("f16-ben"), user("f16-cat")]);
  t.is(await status(h, subtask("9001")), "2");
  t.is(await status(h, subtask("9002")), "3");
  for (const child of trio.created) t.is(await status(h, child), "1", "member subtasks wait for the next run");
  t.true(archived(fake).includes(user("f16-ann")));
  t.false(archived(fake).includes(user("f16-ben")));

  // The children run next; the group is not expanded again (no new subtask, nothing archived twice).
  const second = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  for (const child of trio.created) t.truthy(second[child], child);
  t.falsy(second[subtask("9003")]);
  // The stand-in does not move users away as FusionDirectory does, so a user targeted by several subtasks is
  // archived once per subtask: one call per archived subtask, never more.
  t.is(archived(fake).length, successes(first.body as Body) + successes(second));
  const listed = await h.request("GET", "/api/tasks/archive");
  t.is(listed.status, 200);
  t.true(JSON.stringify(listed.body).includes(trio.created[0] as string));
});

test.serial("a dry run says who would be archived and changes nothing; a refused archive is restartable with the status", async (t) => {
  const fake = await archivingFd(t, 500);
  const h = await host(t, fake);
  const dry = (await h.request("PATCH", "/api/tasks/archive?dryRun=true")).body as Body;
  t.deepEqual(dry[subtask("9001")], { dryRun: true, result: `User ${user("f16-ann")} would be archived.`, matchedValue: (dry[subtask("9001")] as { matchedValue: string }).matchedValue });
  t.is(await status(h, subtask("9001")), "1");
  t.deepEqual(archived(fake), []);
  const real = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  t.deepEqual(real[subtask("9001")], { result: "Error archiving user: Unexpected HTTP status code: 500" });
  t.is(await status(h, subtask("9001")), "Unexpected HTTP status code: 500");
});

test.serial("two concurrent runs never process one subtask twice: one archive call per archived subtask", async (t) => {
  const fake = await archivingFd(t);
  const h = await host(t, fake);
  const [a, b] = await Promise.all([h.request("PATCH", "/api/tasks/archive"), h.request("PATCH", "/api/tasks/archive")]);
  t.is(a.status, 200);
  t.is(b.status, 200);
  const keysA = Object.keys(a.body as Body).filter((key) => key !== "summary");
  const keysB = new Set(Object.keys(b.body as Body).filter((key) => key !== "summary"));
  t.deepEqual(keysA.filter((key) => keysB.has(key)), [], "no subtask is processed by both runs");
  const third = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  t.is(archived(fake).length, successes(a.body as Body) + successes(b.body as Body) + successes(third), "one archive call per archived subtask");
  t.true(archived(fake).includes(user("f16-ann")));
});
