// The Life Cycle plugin against a real slapd (demo directory) and a recording FusionDirectory REST fake, clock
// frozen at 2026-11-28T10:00:00Z (20261128 in Europe/Paris, the demo's fdTimezone).
import path from "node:path";
import { type FakeFusionDirectory, fakeFusionDirectoryConfig, type RecordedCall, startFakeFusionDirectory, startTestHost, type TestHost, type TestHostOptions } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const PLUGIN = path.resolve("plugins/lifecycle");
const FIXTURES = path.resolve("test/lifecycle-plugin/lifecycle-fixtures.ldif");

const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const expire = (n: number) => `cn=expire-student-accounts-SubTask-1793520002_300${n},${TASKS}`;
const INES = `cn=fd16-expire-accounts-SubTask-1795161601_7201,${TASKS}`;
const apps = (n: number) => `cn=fixture-lc-apps-SubTask-1793520002_950${n},${TASKS}`;
const mailTask = (n: number) => `cn=fixture-lc-mail-SubTask-1795161601_960${n},${TASKS}`;
const BROKEN = `cn=fixture-lc-broken-SubTask-1793520002_9701,${TASKS}`;

/** The demo's Life Cycle subtasks: bob, carol, dave, frank (FD 1.5) and ines (FD 1.6). */
const BOB = expire(1);
const CAROL = expire(2);
const DAVE = expire(3);
const FRANK = expire(4);

/** The demo users' supannRessourceEtatDate before any run. */
const BEFORE: Record<string, string[]> = {
  bob: ["{COMPTE}A:SupannActif:20230901:20260630"],
  carol: ["{COMPTE}A:SupannActif:20231001:20261127", "{MAIL}A:SupannActif:20231001:20261127"],
  dave: ["{COMPTE}I:SupannExpire:20250701:20250731"],
  frank: [],
  ines: ["{COMPTE}A:SupannActif:20250101:20261031"],
};
/** ... and after a run. */
const AFTER: Record<string, string[]> = {
  bob: ["{COMPTE}I:SupannExpire:20260630:20260730"],
  carol: ["{COMPTE}I:SupannExpire:20261127:20261227", "{MAIL}A:SupannActif:20231001:20261127"],
  dave: BEFORE["dave"] as string[],
  frank: [],
  ines: ["{COMPTE}I:SupannExpire:20261031:20261230"],
};

type Body = Record<string, unknown> & { summary?: Record<string, number> };

const rawUrlEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
const refreshed = (dn: string) => `User: ${dn} has been correctly refreshed.`;
const results = (dn: string) => `"Account states have been successfully modified for ${dn}"`;

/** A FusionDirectory that refreshes users (answers the DN, as FD does: the stand-in's default) and records every call. */
async function fusionDirectory(t: ExecutionContext): Promise<FakeFusionDirectory> {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  return fake;
}

async function host(t: ExecutionContext, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ...options });
  t.teardown(() => started.stop());
  t.deepEqual(
    started.plugins.loaded.map((plugin) => plugin.id),
    ["lifecycle"],
  );
  return started;
}

async function values(h: TestHost, dn: string): Promise<string[]> {
  return [...((await h.ldap.read(dn, ["supannRessourceEtatDate"]))?.values("supannRessourceEtatDate") ?? [])].sort();
}

async function usersState(h: TestHost, uids: readonly string[]): Promise<Record<string, string[]>> {
  return Object.fromEntries(await Promise.all(uids.map(async (uid) => [uid, await values(h, user(uid))] as const)));
}

const sorted = (record: Record<string, string[]>) => Object.fromEntries(Object.entries(record).map(([key, list]) => [key, [...list].sort()]));

async function status(h: TestHost, dn: string): Promise<string | undefined> {
  return (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
}

const body = (response: Body, dn: string) => response[dn] as Record<string, unknown>;

const refreshCalls = (fake: FakeFusionDirectory) => fake.apiCalls().filter((call: RecordedCall) => call.path.startsWith("/objects/user/"));

test("the demo: bob, carol and ines expire (FD 1.5 and 1.6), dave's and frank's FD 1.5 subtasks have nothing to do and are deleted as 1.1 did; users refreshed", async (t) => {
  const fake = await fusionDirectory(t);
  const h = await host(t, { config: fakeFusionDirectoryConfig(fake) });
  const response = await h.request("PATCH", "/api/tasks/lifeCycle");
  t.is(response.status, 200);
  const body = response.body as Body;

  t.deepEqual(body[BOB], {
    results: results(user("bob")),
    refreshUser: refreshed(user("bob")),
    statusUpdate: "Success",
    changes: [{ before: "{COMPTE}A:SupannActif:20230901:20260630", after: "{COMPTE}I:SupannExpire:20260630:20260730" }],
  });
  t.deepEqual(body[CAROL], {
    results: results(user("carol")),
    refreshUser: refreshed(user("carol")),
    statusUpdate: "Success",
    changes: [{ before: "{COMPTE}A:SupannActif:20231001:20261127", after: "{COMPTE}I:SupannExpire:20261127:20261227" }],
  });
  t.deepEqual(body[INES], {
    results: results(user("ines")),
    refreshUser: refreshed(user("ines")),
    statusUpdate: "Success",
    changes: [{ before: "{COMPTE}A:SupannActif:20250101:20261031", after: "{COMPTE}I:SupannExpire:20261031:20261230" }],
  });
  t.deepEqual(body[DAVE], {
    results: `Nothing to do for ${user("dave")}: no value for resource 'COMPTE' is in state A:SupannActif with an end date on or before 20261128 (found {COMPTE}I:SupannExpire:20250701:20250731)`,
    statusUpdate: "No updates required, sub-task will be removed.",
  });
  t.deepEqual(body[FRANK], {
    results: `Nothing to do for ${user("frank")}: no supannRessourceEtatDate value`,
    statusUpdate: "No updates required, sub-task will be removed.",
  });
  t.like(body.summary, { eligible: 5, processed: 5, succeeded: 3, skipped: 2, failed: 0 });

  t.deepEqual(await usersState(h, Object.keys(AFTER)), sorted(AFTER));
  t.deepEqual(
    { bob: await status(h, BOB), carol: await status(h, CAROL), ines: await status(h, INES), dave: await status(h, DAVE), frank: await status(h, FRANK) },
    { bob: "2", carol: "2", ines: "2", dave: undefined, frank: undefined },
  );

  // One refresh per changed user: PATCH /objects/user/<rawurlencoded DN> with {} and the session token.
  const calls = refreshCalls(fake);
  t.deepEqual(calls.map((call) => [call.method, call.path, call.body]).sort(), [user("bob"), user("carol"), user("ines")].map((dn) => ["PATCH", `/objects/user/${rawUrlEncode(dn)}`, {}]).sort());
  t.true(calls.every((call) => call.headers["session-token"] === fake.issuedTokens[0]));
  t.is(fake.issuedTokens.length, 1);

  // Nothing is done twice: a second run finds nothing due and calls FusionDirectory no more.
  const again = await h.request("PATCH", "/api/tasks/LIFECYCLE");
  t.is(again.status, 200);
  t.like(again.body as Body, { summary: { eligible: 0 } });
  t.is(refreshCalls(fake).length, 3);
});

const pendingStatus = (uid: string, reason: string) =>
  `State moved for ${user(uid)} (${BEFORE[uid]?.[0]} -> ${AFTER[uid]?.[0]}); FusionDirectory refresh pending (${reason}): restart this subtask (restartFailedTasks) to perform only the refresh`;

async function helper(h: TestHost, dn: string): Promise<string[]> {
  return [...((await h.ldap.read(dn, ["fdTasksGranularHelper"]))?.values("fdTasksGranularHelper") ?? [])];
}

test("FusionDirectory down, then up: the state moves once, the subtasks fail with the refresh pending; restarted, they only refresh (FD 1.5 and 1.6)", async (t) => {
  const fake = await fusionDirectory(t);
  let down = true;
  fake.override(() => (down ? { status: 503, raw: "Service Unavailable" } : undefined));
  const h = await host(t, { config: fakeFusionDirectoryConfig(fake) });

  const first = (await h.request("PATCH", "/api/tasks/lifeCycle")).body as Body;
  const reason = "FusionDirectory login failed with HTTP 503";
  for (const [dn, uid] of [
    [BOB, "bob"],
    [CAROL, "carol"],
    [INES, "ines"],
  ] as const) {
    t.is(await status(h, dn), pendingStatus(uid, reason), `${uid}: failed, saying the state moved and the refresh is pending`);
    t.like(body(first, dn), { results: results(user(uid)), statusUpdate: "Failed", refreshUser: `User: ${user(uid)} could not be refreshed: ${reason}`, Error: [pendingStatus(uid, reason)] });
    t.deepEqual(await helper(h, dn), [`lifeCycleRefreshPending:${AFTER[uid]?.[0]}`]);
  }
  t.like(first.summary, { succeeded: 0, skipped: 2, failed: 3 });
  // Moved once: supannRessourceEtatDate holds the post state with its new period.
  t.deepEqual(await usersState(h, Object.keys(AFTER)), sorted(AFTER));
  t.deepEqual(refreshCalls(fake), []);
  t.true(h.logs().some((line) => String(line["msg"] ?? line["message"] ?? "").startsWith("user not refreshed in FusionDirectory")));

  // Nothing happens to failed subtasks until they are restarted.
  t.like((await h.request("PATCH", "/api/tasks/lifeCycle")).body as Body, { summary: { eligible: 0 } });

  down = false;
  const restart = await h.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "expire-student-accounts" } });
  t.deepEqual(((restart.body as { updated: string[] }).updated ?? []).sort(), [BOB, CAROL].sort());
  t.deepEqual((await h.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "fd16-expire-accounts" } })).body, { updated: [INES], errors: [] });

  const second = (await h.request("PATCH", "/api/tasks/lifeCycle")).body as Body;
  for (const [dn, uid] of [
    [BOB, "bob"],
    [CAROL, "carol"],
    [INES, "ines"],
  ] as const) {
    t.deepEqual(body(second, dn), {
      results: JSON.stringify(`Account states had already been modified for ${user(uid)}; only the pending refresh was done`),
      refreshUser: refreshed(user(uid)),
      statusUpdate: "Success",
      changes: [],
    });
    t.is(await status(h, dn), "2");
    t.deepEqual(await helper(h, dn), [], `${uid}: the pending refresh is forgotten once done`);
  }
  t.like(second.summary, { eligible: 3, succeeded: 3, failed: 0 });
  // The second run refreshed each user once and did not move anyone again.
  t.deepEqual(
    refreshCalls(fake)
      .map((call) => [call.method, call.path, call.body])
      .sort(),
    [user("bob"), user("carol"), user("ines")].map((dn) => ["PATCH", `/objects/user/${rawUrlEncode(dn)}`, {}]).sort(),
  );
  t.deepEqual(await usersState(h, Object.keys(AFTER)), sorted(AFTER));
});

test("FusionDirectory refusing the refresh, or not configured at all: moved, failed with the refresh pending", async (t) => {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  fake.override((call) => (call.path.startsWith("/objects/user/") ? { status: 403, body: { message: "Not allowed to modify uid=bob" } } : undefined));
  const refusing = await host(t, { config: fakeFusionDirectoryConfig(fake) });
  const refused = (await refusing.request("PATCH", "/api/tasks/lifeCycle")).body as Body;
  t.like(refused[BOB], { statusUpdate: "Failed", refreshUser: `User: ${user("bob")} could not be refreshed: FusionDirectory answered HTTP 403: Not allowed to modify uid=bob` });
  t.is(await status(refusing, BOB), pendingStatus("bob", "FusionDirectory answered HTTP 403: Not allowed to modify uid=bob"));

  const unconfigured = await host(t);
  await unconfigured.request("PATCH", "/api/tasks/lifeCycle");
  t.regex((await status(unconfigured, INES)) ?? "", /^State moved for uid=ines,ou=people,dc=example,dc=org \(.*\); FusionDirectory refresh pending \(FusionDirectory API is not configured/);
  t.deepEqual(await values(unconfigured, user("ines")), AFTER["ines"]);
});

test("a dry run changes nothing, calls no FusionDirectory, shows the values before/after and why the others are skipped", async (t) => {
  const fake = await fusionDirectory(t);
  const h = await host(t, { config: fakeFusionDirectoryConfig(fake) });
  const response = await h.request("PATCH", "/api/tasks/lifeCycle?dryRun=true");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.deepEqual(body[BOB], {
    dryRun: true,
    results: `Account states would be modified for ${user("bob")}`,
    changes: [{ before: "{COMPTE}A:SupannActif:20230901:20260630", after: "{COMPTE}I:SupannExpire:20260630:20260730" }],
    refreshUser: `User: ${user("bob")} would be refreshed.`,
  });
  t.deepEqual((body[CAROL] as { changes: unknown }).changes, [{ before: "{COMPTE}A:SupannActif:20231001:20261127", after: "{COMPTE}I:SupannExpire:20261127:20261227" }]);
  t.deepEqual((body[INES] as { changes: unknown }).changes, [{ before: "{COMPTE}A:SupannActif:20250101:20261031", after: "{COMPTE}I:SupannExpire:20261031:20261230" }]);
  t.like(body[DAVE], {
    dryRun: true,
    outcome: "nothing",
    results: `Nothing to do for ${user("dave")}: no value for resource 'COMPTE' is in state A:SupannActif with an end date on or before 20261128 (found {COMPTE}I:SupannExpire:20250701:20250731)`,
  });
  t.like(body[FRANK], { dryRun: true, outcome: "nothing", results: `Nothing to do for ${user("frank")}: no supannRessourceEtatDate value` });

  t.deepEqual(await usersState(h, Object.keys(BEFORE)), sorted(BEFORE));
  for (const dn of [BOB, CAROL, DAVE, FRANK, INES]) t.is(await status(h, dn), "1", dn);
  t.deepEqual(fake.calls, []);
});

test("resource names with - . _, unreadable values, missing dates, missing users, another post resource, a broken task", async (t) => {
  const fake = await fusionDirectory(t);
  const h = await host(t, { ldif: [FIXTURES], config: fakeFusionDirectoryConfig(fake) });
  const response = await h.request("PATCH", "/api/tasks/lifeCycle");
  t.is(response.status, 200);
  const body = response.body as Body;

  // The exact resource only; another resource with a similar name and an unreadable value it does not concern stay.
  t.deepEqual(await values(h, user("lc-apps")), ["{APP-wiki.prod_2}I:SupannExpire:20261128:20261213", "{APP-wiki}A::20250101:20261001", "{WIFI}garbage"].sort());
  t.is(await status(h, apps(1)), "2");
  t.like(body[apps(1)], { statusUpdate: "Success", refreshUser: refreshed(user("lc-apps")) });

  // Garbage in a value the task concerns: that subtask fails with a clear status; the others go on.
  const garbage = `Unreadable supannRessourceEtatDate value "{APP-wiki.prod_2}A::2026-01-01:20261001" on ${user("lc-garbage")}: its start date "2026-01-01" is not a YYYYMMDD date`;
  t.is(await status(h, apps(2)), garbage);
  t.deepEqual(body[apps(2)], { results: JSON.stringify(`Error updating ${user("lc-garbage")}-${garbage}`), statusUpdate: "Failed", Error: [garbage] });
  t.deepEqual(await values(h, user("lc-garbage")), ["{APP-wiki.prod_2}A::2026-01-01:20261001"]);

  // No end date: never ends. Nothing to do on an FD 1.5 subtask: deleted.
  t.is(await h.ldap.read(apps(3)), null);
  t.regex((body[apps(3)] as { results: string }).results, /no value for resource 'APP-wiki\.prod_2' is in state A with an end date on or before 20261128 \(found \{APP-wiki\.prod_2\}A:SupannActif\)$/);

  t.is(await status(h, apps(4)), `User not found: ${user("lc-ghost")}`);

  // Pre COMPTE, post MAIL: the MAIL value moves, from the day COMPTE ended; COMPTE stays.
  t.deepEqual(await values(h, user("lc-mail")), ["{COMPTE}A:SupannActif:20240101:20261020", "{MAIL}I:SupannExpire:20261020:20261030"]);
  t.is(await status(h, mailTask(1)), "2");
  t.is(await status(h, mailTask(2)), "Post-state target resource 'MAIL' not found on user profile");
  t.deepEqual(await values(h, user("lc-nomail")), ["{COMPTE}A:SupannActif:20240101:20261020"]);

  // A task whose post end date is not a number fails its subtasks, naming the attribute; alice is untouched.
  t.is(await status(h, BROKEN), `Life Cycle task cn=fixture-lc-broken,${TASKS}: fdTasksLifeCyclePostEndDate "thirty" is not a number of days between 0 and 36600`);
  t.deepEqual(await values(h, user("alice")), ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}A:SupannActif:20240901:20270831"]);

  // The demo subtasks went through as usual next to them.
  t.deepEqual(await usersState(h, Object.keys(AFTER)), sorted(AFTER));
  t.like(body.summary, { eligible: 5 + 7, succeeded: 3 + 2, skipped: 2 + 1, failed: 4 });
  t.deepEqual(
    refreshCalls(fake)
      .map((call) => decodeURIComponent(call.path.slice("/objects/user/".length)))
      .sort(),
    [user("bob"), user("carol"), user("ines"), user("lc-apps"), user("lc-mail")].sort(),
  );
});

test("TASKS_NOTHING_TO_DO=status forces status 3 on FD 1.5 subtasks too: dave's and frank's stay, the others done", async (t) => {
  const fake = await fusionDirectory(t);
  const h = await host(t, { config: { ...fakeFusionDirectoryConfig(fake), TASKS_NOTHING_TO_DO: "status" } });
  const response = await h.request("PATCH", "/api/tasks/lifeCycle");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.like(body[DAVE], { statusUpdate: "No updates required, nothing to be processed for" });
  t.is(await status(h, DAVE), "3");
  t.is(await status(h, FRANK), "3");
  for (const dn of [BOB, CAROL, INES]) t.is(await status(h, dn), "2", dn);
  t.like(body.summary, { succeeded: 3, skipped: 2, failed: 0 });
  t.deepEqual(await usersState(h, Object.keys(AFTER)), sorted(AFTER));
});
