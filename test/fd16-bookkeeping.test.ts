// FD 1.6 bookkeeping (upstream §5.7) against a real slapd: execution stamps on subtasks and main tasks, user tagging,
// fdTasksConfLastExecTime's format; and on a slapd with the FD 1.5 schema, none of it, with nothing failing. The clock
// is frozen at 2026-11-28T10:00:00Z (11:00 in Europe/Paris, the demo's fdTimezone).
import path from "node:path";
import { formatGeneralizedTime, parseGeneralizedTime } from "@fdo/fusiondirectory";
import { ldapFilter } from "@fdo/sdk";
import { DEMO_NOW, fakeFusionDirectoryConfig, startFakeFusionDirectory, startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { PROBE_TASK, type ProbeHostOptions, type ProbeSubtask, probeDn, startProbeHost, statuses } from "./support/probe-host.js";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const SKIPPED_LINE = "FD 1.6 bookkeeping skipped: the directory's schema lacks it";
const STAMP_ATTRIBUTES = ["fdTasksGranularLastExec", "fdTasksGranularNextExec"];

type Body = Record<string, unknown> & { summary?: Record<string, number> };

async function probeHost(t: ExecutionContext, subtasks: readonly ProbeSubtask[], options: ProbeHostOptions = {}): Promise<TestHost> {
  const h = await startProbeHost(subtasks, {}, options);
  t.teardown(() => h.stop());
  return h;
}

async function run(t: ExecutionContext, h: TestHost, segment: string, query = ""): Promise<Body> {
  const response = await h.request("PATCH", `/api/tasks/${segment}${query}`);
  t.is(response.status, 200, JSON.stringify(response.body));
  return response.body as Body;
}

/** The attributes' values on an entry, absent ones left out. */
async function attributes(h: TestHost, dn: string, names: readonly string[]): Promise<Record<string, readonly string[]>> {
  const entry = await h.ldap.read(dn, names);
  return Object.fromEntries(names.filter((name) => entry?.has(name) === true).map((name) => [name, entry?.values(name) ?? []]));
}

async function tagsOf(h: TestHost, dn: string): Promise<{ classes: number; executed: readonly string[] }> {
  const entry = await h.ldap.read(dn, ["objectClass", "fdTasksExecutedDNs"]);
  return { classes: entry?.values("objectClass").filter((value) => value.toLowerCase() === "fdtasksinfos").length ?? 0, executed: [...(entry?.values("fdTasksExecutedDNs") ?? [])].sort() };
}

const skippedLines = (h: TestHost) => h.logs().filter((line) => line["msg"] === SKIPPED_LINE);

test("each outcome writes its stamps with its status; next = one period of the repeatable main task, which is stamped too", async (t) => {
  // FD 1.6 data: the FD 1.6 spelling of the type, so nothing to do is status 3 (stamped) rather than a deletion.
  const subtasks: ProbeSubtask[] = [
    { cn: "done", type: "probe" },
    { cn: "failed", type: "probe", action: "fail:boom" },
    { cn: "nothing", type: "probe", action: "nothing" },
    { cn: "held", type: "probe", action: "skip" },
  ];
  const h = await probeHost(t, subtasks, { mainTask: ["fdTasksRepeatable: TRUE", "fdTasksRepeatableSchedule: Monthly"] });
  t.deepEqual(skippedLines(h), [], "nothing is skipped on an FD 1.6 schema");

  // A dry run writes nothing.
  await run(t, h, "probe", "?dryRun=true");
  for (const { cn } of subtasks) t.deepEqual(await attributes(h, probeDn(cn), STAMP_ATTRIBUTES), {}, cn);

  await run(t, h, "probe");
  t.deepEqual(await statuses(h, ["done", "failed", "nothing", "held"]), { done: "2", failed: "boom", nothing: "3", held: "1" });
  // Monthly in Europe/Paris: 11:00 on the 28th of the next month, 10:00 UTC.
  const stamped = { fdTasksGranularLastExec: ["20261128100000Z"], fdTasksGranularNextExec: ["20261228100000Z"] };
  for (const cn of ["done", "failed", "nothing"]) t.deepEqual(await attributes(h, probeDn(cn), STAMP_ATTRIBUTES), stamped, cn);
  t.deepEqual(await attributes(h, probeDn("held"), STAMP_ATTRIBUTES), {}, "a subtask held back was not executed");
  t.deepEqual(await attributes(h, PROBE_TASK, ["fdTasksLastExec", "fdTasksNextExec"]), { fdTasksLastExec: ["20261128100000Z"], fdTasksNextExec: ["20261228100000Z"] });
  // Valid GeneralizedTime: it reads back as the run's instant.
  t.is(parseGeneralizedTime("20261128100000Z")?.toISOString(), new Date(DEMO_NOW).toISOString());

  // Every Minutes:NN period: 15 minutes after the stamp; the main task's last execution moves with the new run.
  await h.ldap.modify(PROBE_TASK, [{ operation: "replace", attribute: "fdTasksRepeatableSchedule", values: ["Minutes:15"] }]);
  await h.ldap.modify(probeDn("done"), [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["1"] }]);
  h.clock.advance(3_600_000);
  await run(t, h, "probe");
  t.deepEqual(await attributes(h, probeDn("done"), STAMP_ATTRIBUTES), { fdTasksGranularLastExec: ["20261128110000Z"], fdTasksGranularNextExec: ["20261128111500Z"] });
  t.deepEqual(await attributes(h, PROBE_TASK, ["fdTasksLastExec", "fdTasksNextExec"]), { fdTasksLastExec: ["20261128110000Z"], fdTasksNextExec: ["20261128111500Z"] });

  // Not repeatable: the last execution only; the next one written before stays as upstream leaves it.
  await h.ldap.modify(PROBE_TASK, [{ operation: "replace", attribute: "fdTasksRepeatable", values: ["FALSE"] }]);
  await h.ldap.modify(probeDn("failed"), [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["1"] }]);
  await h.ldap.modify(probeDn("failed"), [{ operation: "delete", attribute: "fdTasksGranularNextExec", values: [] }]);
  h.clock.advance(60_000);
  await run(t, h, "probe");
  t.deepEqual(await attributes(h, probeDn("failed"), STAMP_ATTRIBUTES), { fdTasksGranularLastExec: ["20261128110100Z"] });
  t.deepEqual(await attributes(h, PROBE_TASK, ["fdTasksLastExec"]), { fdTasksLastExec: ["20261128110100Z"] });
});

test("the users a subtask was done for are tagged: class added once, the main task added, other values kept; a failed tag only warns", async (t) => {
  const older = `cn=older-task,${TASKS}`;
  const ghost = user("nobody-here");
  const subtasks: ProbeSubtask[] = [
    { cn: "alice-1", action: `tag:${user("alice")}` },
    { cn: "alice-2", action: `tag:${user("alice")}` },
    { cn: "bob-and-alice", action: `tag:${user("bob")}|${user("alice")}` },
    { cn: "ghost", action: `tag:${ghost}` },
  ];
  const h = await probeHost(t, subtasks);
  await h.ldap.modify(user("bob"), [
    { operation: "add", attribute: "objectClass", values: ["fdTasksInfos"] },
    { operation: "add", attribute: "fdTasksExecutedDNs", values: [older] },
  ]);

  await run(t, h, "probe", "?dryRun=true");
  t.deepEqual(await tagsOf(h, user("alice")), { classes: 0, executed: [] }, "a dry run tags nobody");

  const body = await run(t, h, "probe");
  t.like(body.summary, { processed: 4, succeeded: 4, failed: 0 });
  t.deepEqual(await statuses(h, ["alice-1", "alice-2", "bob-and-alice", "ghost"]), { "alice-1": "2", "alice-2": "2", "bob-and-alice": "2", ghost: "2" });
  t.deepEqual(await tagsOf(h, user("alice")), { classes: 1, executed: [PROBE_TASK] });
  t.deepEqual(await tagsOf(h, user("bob")), { classes: 1, executed: [older, PROBE_TASK].sort() });
  const warnings = h.logs().filter((line) => line["msg"] === "cannot record the task on the user (fdTasksExecutedDNs)");
  t.deepEqual(
    warnings.map((line) => line["dn"]),
    [ghost],
  );

  // A later run for the same users: values already there are fine, nothing is duplicated or replaced.
  for (const { cn } of subtasks) await h.ldap.modify(probeDn(cn), [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["1"] }]);
  t.like((await run(t, h, "probe")).summary, { succeeded: 4, failed: 0 });
  t.deepEqual(await tagsOf(h, user("alice")), { classes: 1, executed: [PROBE_TASK] });
  t.deepEqual(await tagsOf(h, user("bob")), { classes: 1, executed: [older, PROBE_TASK].sort() });
});

const PLUGINS = ["mail", "lifecycle"].map((name) => path.resolve("plugins", name));
const POLICY = `cn=fd16-password-policy,${TASKS}`;
const POLICY_SUBTASK = `cn=fd16-password-policy-SubTask-1795161601_7001,${TASKS}`;
const WELCOME = `cn=welcome-mail-2026,${TASKS}`;
const EXPIRE_FD16 = `cn=fd16-expire-accounts,${TASKS}`;
const EXPIRE_FD15 = `cn=expire-student-accounts,${TASKS}`;

/** A host with the mail and life cycle plugins on the demo directory, fdTasksConfLastExecTime removed, bob's FD 1.6 mail sent to his DN. */
async function demoHost(t: ExecutionContext, schema: "fd16" | "fd15"): Promise<TestHost> {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  const h = await startTestHost({ plugins: PLUGINS, schema, config: fakeFusionDirectoryConfig(fake) });
  t.teardown(() => h.stop());
  await h.ldap.modify(CONFIG, [{ operation: "delete", attribute: "fdTasksConfLastExecTime", values: [] }]);
  await h.ldap.modify(POLICY_SUBTASK, [{ operation: "replace", attribute: "fdTasksGranularMail", values: [user("bob")] }]);
  return h;
}

async function runDemo(t: ExecutionContext, h: TestHost): Promise<void> {
  t.like((await run(t, h, "mail")).summary, { processed: 5, succeeded: 5, failed: 0 });
  t.like((await run(t, h, "lifeCycle")).summary, { processed: 5, succeeded: 3, skipped: 2, failed: 0 });
}

test("FD 1.6 demo: mail and life cycle stamp, tag their users, and write fdTasksConfLastExecTime as GeneralizedTime", async (t) => {
  const h = await demoHost(t, "fd16");
  await runDemo(t, h);
  t.deepEqual(skippedLines(h), []);
  t.is((await h.ldap.read(CONFIG))?.first("fdTasksConfLastExecTime"), formatGeneralizedTime(new Date(DEMO_NOW)));
  // Not repeatable: last execution only.
  t.deepEqual(await attributes(h, POLICY_SUBTASK, STAMP_ATTRIBUTES), { fdTasksGranularLastExec: ["20261128100000Z"] });
  t.deepEqual(await attributes(h, POLICY, ["fdTasksLastExec", "fdTasksNextExec"]), { fdTasksLastExec: ["20261128100000Z"] });
  // An FD 1.6 mail recipient named by DN (bob) is tagged; one named by address (carol) is nobody to tag. Life cycle: its changed users.
  t.deepEqual((await tagsOf(h, user("bob"))).executed, [EXPIRE_FD15, POLICY].sort());
  t.deepEqual((await tagsOf(h, user("carol"))).executed, [EXPIRE_FD15]);
  t.deepEqual((await tagsOf(h, user("ines"))).executed, [EXPIRE_FD16]);
  t.deepEqual(await tagsOf(h, user("alice")), { classes: 0, executed: [] }, "an FD 1.5 recipient (an address) is nobody to tag");
  t.deepEqual(await tagsOf(h, user("dave")), { classes: 0, executed: [] }, "nothing to do is not done");
});

test("FD 1.5 schema: the same runs write no FD 1.6 attribute, leave FD's fdTasksLastExec alone, fail nothing, and say so once", async (t) => {
  const h = await demoHost(t, "fd15");
  const before = await attributes(h, WELCOME, ["fdTasksLastExec"]);
  await runDemo(t, h);
  const lines = skippedLines(h);
  t.is(lines.length, 1);
  t.deepEqual(lines[0]?.["skipped"], [
    "subtask stamps (fdTasksGranularLastExec)",
    "subtask next execution (fdTasksGranularNextExec)",
    "main task stamps (fdTasksNextExec)",
    "user tagging (fdTasksInfos, fdTasksExecutedDNs)",
  ]);
  t.is((await h.ldap.read(CONFIG))?.first("fdTasksConfLastExecTime"), String(Date.parse(DEMO_NOW) / 1000));
  // FD 1.5's fdTasksLastExec is FusionDirectory's activation time, which activateCyclicTasks reads: never rewritten.
  t.deepEqual(await attributes(h, WELCOME, ["fdTasksLastExec"]), before);
  t.deepEqual(await attributes(h, POLICY, ["fdTasksLastExec"]), { fdTasksLastExec: ["20261120080001Z"] });
  t.deepEqual(await attributes(h, POLICY_SUBTASK, ["fdTasksGranularStatus"]), { fdTasksGranularStatus: ["2"] });
  t.deepEqual(await tagsOf(h, user("bob")), { classes: 0, executed: [] });
  t.is(h.logs().filter((line) => line["level"] === 40 || line["level"] === 50).length, 0, JSON.stringify(h.logs().filter((line) => (line["level"] as number) >= 40)));
});

test("FD 1.6 demo: reminder and notifications tag the users they were sent for; an hourly task's subtasks get the next hour", async (t) => {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  const h = await startTestHost({ plugins: ["reminder", "notifications"].map((name) => path.resolve("plugins", name)), config: fakeFusionDirectoryConfig(fake) });
  t.teardown(() => h.stop());
  await run(t, h, "notifications");
  // The interval between mail runs (1 minute in the demo) applies to every mail task.
  h.clock.advance(120_000);
  await run(t, h, "reminder");
  const staff = `cn=notify-staff-changes,${TASKS}`;
  t.deepEqual((await tagsOf(h, user("alice"))).executed, [`cn=fd16-notify-mail-changes,${TASKS}`, staff].sort());
  t.deepEqual((await tagsOf(h, user("erin"))).executed, [`cn=remind-account-expiry,${TASKS}`, staff].sort());
  t.deepEqual((await tagsOf(h, user("grace"))).executed, [`cn=remind-posix-expiry,${TASKS}`], "grace's notification had nothing to report; her reminder was sent");
  const staffSubtask = (await h.ldap.searchAll({ base: TASKS, filter: ldapFilter`(&(fdTasksGranularMaster=${staff})(fdTasksGranularStatus=2))`, attributes: STAMP_ATTRIBUTES }))[0];
  t.deepEqual(staffSubtask === undefined ? undefined : { last: staffSubtask.values("fdTasksGranularLastExec"), next: staffSubtask.values("fdTasksGranularNextExec") }, {
    last: ["20261128100000Z"],
    next: ["20261128110000Z"],
  });
});
