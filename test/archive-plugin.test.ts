// The Archive plugin against a real slapd (demo + FD 1.6 fixtures) and the FusionDirectory REST stand-in, which
// archives as FusionDirectory does: POST /archive/user/<dn> deletes the user and answers 204 (404 once gone).
// Clock frozen at 2026-11-28T10:00:00Z.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type FakeFusionDirectory, fakeFusionDirectoryConfig, sandboxConfig, startFakeFusionDirectory, startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { archiveBulkLdif, bulkUserDn } from "./support/archive-bulk-ldif.js";
import { archiveCalls, archiveLikeFusionDirectory } from "./support/fd-archive-stand-in.js";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const PLUGIN = path.resolve("plugins/archive");
const LDIF = [path.resolve("test/fixtures/fd16-directory.ldif"), path.resolve("test/archive-plugin/archive-fixtures.ldif")];
const NOW = "2026-11-28T10:00:00Z";
const subtask = (n: string) => `cn=f16-archive-expired-SubTask-1795780801_${n},${TASKS}`;
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
type Body = Record<string, Record<string, unknown>> & { summary?: Record<string, number> };

interface ArchivingSetup {
  readonly fake: FakeFusionDirectory;
  readonly h: TestHost;
  /** DNs the stand-in archived (answered 204), in order. */
  readonly archived: string[];
}

async function fakeFd(t: ExecutionContext): Promise<FakeFusionDirectory> {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  return fake;
}

async function host(t: ExecutionContext, fake: FakeFusionDirectory, options: { ldif?: readonly string[]; config?: Record<string, string>; demoData?: boolean } = {}): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ldif: options.ldif ?? LDIF, demoData: options.demoData, now: NOW, config: { ...fakeFusionDirectoryConfig(fake), ...options.config } });
  t.teardown(() => started.stop());
  t.deepEqual(
    started.plugins.loaded.map((plugin) => plugin.id),
    ["archive"],
  );
  return started;
}

/** A host whose FusionDirectory stand-in archives by deleting the user from the host's directory. */
async function archivingHost(t: ExecutionContext, ldif?: readonly string[]): Promise<ArchivingSetup> {
  const fake = await fakeFd(t);
  let started: TestHost | undefined;
  const archived = archiveLikeFusionDirectory(fake, () => started?.ldap);
  started = await host(t, fake, { ldif });
  return { fake, h: started, archived };
}

const successes = (body: Body) => Object.values(body).filter((entry) => /successfully archived/.test(String(entry?.["result"]))).length;
const status = async (h: TestHost, dn: string) => (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
const duplicates = (dns: readonly string[]) => dns.filter((dn, index) => dns.indexOf(dn) !== index);

test.serial("a matching user is archived through FusionDirectory, others get upstream's texts; a group of 3 is expanded once", async (t) => {
  const { fake, h, archived } = await archivingHost(t);
  const first = await h.request("PATCH", "/api/tasks/archive");
  t.is(first.status, 200);
  const body = first.body as Body;
  t.deepEqual(body[subtask("9001")], { result: `User ${user("f16-ann")} successfully archived.` });
  t.is(body[subtask("9002")]?.["result"], "User does not meet the criteria for archiving.");
  t.regex(String(body[subtask("9006")]?.["result"]), /^Error archiving user: User not found/);
  // The trio is expanded while its members are being archived (and so deleted) by other subtasks of the run: each
  // of the 3 is either a member subtask or a member already gone.
  const trio = body[subtask("9003")] as { result: string; members: string[]; created: string[]; missingMembers?: string[] };
  t.regex(trio.result, /expanded into \d member subtasks? \(\d new, 0 already present\)/);
  t.deepEqual([...trio.members, ...(trio.missingMembers ?? [])].sort(), [user("f16-ann"), user("f16-ben"), user("f16-cat")]);
  t.is(trio.created.length, trio.members.length);
  t.is(await status(h, subtask("9001")), "2");
  t.is(await status(h, subtask("9002")), "3");
  for (const child of trio.created) t.is(await status(h, child), "1", "member subtasks wait for the next run");
  t.true(archived.includes(user("f16-ann")));
  t.false(archiveCalls(fake).includes(user("f16-ben")));
  t.is(await h.ldap.read(user("f16-ann"), ["uid"]), null, "FusionDirectory moved the archived user away");

  // The children run next; the group is not expanded again (no new subtask), and nobody is archived twice.
  const second = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  for (const child of trio.created) t.truthy(second[child], child);
  t.falsy(second[subtask("9003")]);
  t.deepEqual(duplicates(archiveCalls(fake)), [], "FusionDirectory is never asked twice for one user");
  t.deepEqual(archiveCalls(fake), archived);
  t.is(archived.length, successes(body) + successes(second));
  const listed = await h.request("GET", "/api/tasks/archive");
  t.is(listed.status, 200);
  t.true(JSON.stringify(listed.body).includes(subtask("9010")));
});

test.serial("a user targeted by two subtasks of one run is archived once; the other subtask says so", async (t) => {
  const { fake, h } = await archivingHost(t);
  const twin = subtask("9012");
  const original = await h.ldap.read(subtask("9001"));
  await h.ldap.add(twin, {
    objectClass: ["top", "fdTasksGranular"],
    cn: "f16-archive-expired-SubTask-1795780801_9012",
    ...Object.fromEntries(["fdTasksGranularMaster", "fdTasksGranularType", "fdTasksGranularSchedule", "fdTasksGranularStatus", "fdTasksGranularDN"].map((name) => [name, original?.first(name) ?? ""])),
  });
  const body = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  const results = [body[subtask("9001")]?.["result"], body[twin]?.["result"]].sort();
  t.deepEqual(results, [`User ${user("f16-ann")} already archived by another subtask of this run.`, `User ${user("f16-ann")} successfully archived.`]);
  t.is(archiveCalls(fake).filter((dn) => dn === user("f16-ann")).length, 1);
  t.is(await status(h, twin), "2");
  t.is(await status(h, subtask("9001")), "2");
});

test.serial("a dry run says who would be archived and changes nothing; a refused archive is restartable with the status", async (t) => {
  const fake = await fakeFd(t);
  fake.override((call) => (call.method === "POST" && call.path.startsWith("/archive/user/") ? { status: 500 } : undefined));
  const h = await host(t, fake);
  const dry = (await h.request("PATCH", "/api/tasks/archive?dryRun=true")).body as Body;
  t.deepEqual(dry[subtask("9001")], { dryRun: true, result: `User ${user("f16-ann")} would be archived.`, matchedValue: (dry[subtask("9001")] as { matchedValue: string }).matchedValue });
  t.is(await status(h, subtask("9001")), "1");
  t.deepEqual(archiveCalls(fake), []);
  const real = (await h.request("PATCH", "/api/tasks/archive")).body as Body;
  t.deepEqual(real[subtask("9001")], { result: "Error archiving user: Unexpected HTTP status code: 500" });
  t.is(await status(h, subtask("9001")), "Unexpected HTTP status code: 500");
});

test.serial("two concurrent runs on one host never process one subtask twice nor archive a user twice", async (t) => {
  const { fake, h, archived } = await archivingHost(t);
  const [a, b] = await Promise.all([h.request("PATCH", "/api/tasks/archive"), h.request("PATCH", "/api/tasks/archive")]);
  t.is(a.status, 200);
  t.is(b.status, 200);
  const keysA = Object.keys(a.body as Body).filter((key) => key !== "summary");
  const keysB = new Set(Object.keys(b.body as Body).filter((key) => key !== "summary"));
  t.deepEqual(
    keysA.filter((key) => keysB.has(key)),
    [],
    "no subtask is processed by both runs",
  );
  await h.request("PATCH", "/api/tasks/archive");
  t.deepEqual(duplicates(archiveCalls(fake)), []);
  t.true(archived.includes(user("f16-ann")));
});

test.serial("two hosts on one directory, run together: each user is archived once", async (t) => {
  const { fake, h: first, archived } = await archivingHost(t);
  // The second instance talks to the first one's slapd and SMTP sink: the same deployment, another process.
  const second = await host(t, fake, { ldif: [], demoData: false, config: sandboxConfig(first.slapd, first.smtp) });
  const bodies = (await Promise.all([first, second, first, second].map((h) => h.request("PATCH", "/api/tasks/archive")))).map((response) => {
    t.is(response.status, 200);
    return response.body as Body;
  });
  await first.request("PATCH", "/api/tasks/archive"); // the member subtasks of the groups
  t.deepEqual(duplicates(archiveCalls(fake)), [], "FusionDirectory is never asked twice for one user");
  // 9001, 9010, 9101 in the first round; f16-alumni's second member (same RDN value as ann, another branch) next.
  t.deepEqual([...archived].sort(), [user("f16-ann"), user("f16-cat"), user("f16-dan"), `uid=f16-ann,ou=alumni,${BASE}`].sort());
  const processed = bodies.flatMap((body) => Object.keys(body).filter((key) => key !== "summary"));
  t.deepEqual(duplicates(processed), [], "no subtask is processed by two runs");
});

test.serial("one run over 1,000 subtasks settles every one and archives each user once", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-archive-bulk-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const bulk = path.join(dir, "bulk.ldif");
  await writeFile(bulk, archiveBulkLdif({ count: 1000 }));
  const { fake, h, archived } = await archivingHost(t, [bulk]);
  const response = await h.request("PATCH", "/api/tasks/archive");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.is(successes(body), 1000);
  t.is(archiveCalls(fake).length, 1000);
  t.is(new Set(archived).size, 1000);
  t.true(archived.includes(bulkUserDn(1)) && archived.includes(bulkUserDn(1000)));
  const pending = await h.ldap.searchAll({
    base: TASKS,
    scope: "one",
    filter: "(&(objectClass=fdTasksGranular)(fdTasksGranularType=archive)(cn=bulk-archive-*)(!(fdTasksGranularStatus=2)))",
    attributes: ["cn"],
  });
  t.deepEqual(
    pending.map((entry) => entry.dn),
    [],
  );
});
