import { type FakeFusionDirectory, fakeFusionDirectoryConfig, startFakeFusionDirectory, startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";

const TASKS = "ou=tasks,dc=example,dc=org";
const ACTIVATED = { result: "Task has been activated successfully" };
const NOT_DUE = { lastExecFailed: "This cyclic task has yet to reached its next execution cycle." };
const BEFORE_SCHEDULE = { Status: "This cyclic task has yet to reach its next execution cycle." };
const ACTIVATION_BODY = { tasks: { fdSubTasksActivation: "TRUE" } };
// The demo's repeatable tasks at DEMO_NOW (2026-11-28 11:00 in Paris): audit-retention is Daily, last 2026-11-27
// 08:00:03 (due); notify-staff-changes is Hourly, last 10:30:00 today (not due); remind-account-expiry is Weekly,
// last 2026-11-25 09:00:00 (not due).
const AUDIT = `cn=audit-retention,${TASKS}`;
const NOTIFY = `cn=notify-staff-changes,${TASKS}`;
const REMIND = `cn=remind-account-expiry,${TASKS}`;
const DEMO_REPEATABLE = [AUDIT, NOTIFY, REMIND];

type Body = Record<string, unknown>;

interface Setup {
  readonly host: TestHost;
  readonly fd: FakeFusionDirectory;
}

async function setUp(t: { teardown(fn: () => Promise<void>): void }): Promise<Setup> {
  const fd = await startFakeFusionDirectory();
  t.teardown(() => fd.stop());
  const host = await startTestHost({ plugins: [], config: fakeFusionDirectoryConfig(fd) });
  t.teardown(() => host.stop());
  return { host, fd };
}

/** A repeatable main task of our own; `lastExec` null leaves the attribute out (never activated). */
async function addCyclicTask(host: TestHost, cn: string, schedule: string, lastExec: string | null, scheduleDate = "20261101090000"): Promise<string> {
  const dn = `cn=${cn},${TASKS}`;
  await host.ldap.add(dn, {
    objectClass: ["top", "fdTasks", "fdAuditTasks"],
    cn,
    fdTasksStatus: "1",
    fdTasksCreationDate: "2026-11-01 08:55:12am",
    fdTasksScheduleDate: scheduleDate,
    fdTasksRepeatable: "TRUE",
    fdTasksRepeatableSchedule: schedule,
    fdAuditTasksRetention: "30",
    ...(lastExec === null ? {} : { fdTasksLastExec: lastExec }),
  });
  return dn;
}

const setLastExec = (host: TestHost, dn: string, value: string): Promise<void> => host.ldap.modify(dn, [{ operation: "replace", attribute: "fdTasksLastExec", values: [value] }]);

async function activate(host: TestHost): Promise<Body> {
  const response = await host.request("PATCH", "/api/tasks/activateCyclicTasks");
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as Body;
}

const activatedPaths = (fd: FakeFusionDirectory): string[] => fd.apiCalls().map((call) => `${call.method} ${call.path}`);

test("the demo: the Daily task is activated through FusionDirectory, exactly as upstream calls it; the others wait", async (t) => {
  const { host, fd } = await setUp(t);
  const body = await activate(host);
  t.deepEqual(body, { [NOTIFY]: NOT_DUE, [REMIND]: NOT_DUE, [AUDIT]: ACTIVATED });

  t.is(fd.calls.length, 2);
  const [login, patch] = fd.calls;
  t.is(login?.method, "POST");
  t.is(login?.path, "/login");
  t.deepEqual(login?.body, { user: fd.login, password: fd.password });
  t.regex(login?.headers["content-type"] ?? "", /application\/json/);
  t.is(patch?.method, "PATCH");
  t.is(patch?.path, "/objects/tasks/cn%3Daudit-retention%2Cou%3Dtasks%2Cdc%3Dexample%2Cdc%3Dorg");
  t.deepEqual(patch?.body, ACTIVATION_BODY);
  t.regex(patch?.headers["content-type"] ?? "", /application\/json/);
  t.is(patch?.headers["session-token"], fd.issuedTokens[0]);

  // The session is reused by the next request; neither the password nor the token is ever logged.
  await activate(host);
  t.is(fd.calls.filter((call) => call.path === "/login").length, 1);
  t.is(fd.apiCalls()[1]?.headers["session-token"], fd.issuedTokens[0]);
  const logs = JSON.stringify(host.logs());
  t.false(logs.includes(fd.password));
  t.false(logs.includes(fd.issuedTokens[0] as string));
});

test("Hourly and Weekly fire exactly when their period has elapsed (clock moved)", async (t) => {
  const { host, fd } = await setUp(t);
  // Hourly: last 10:30:00 Paris = 09:30:00Z.
  host.clock.set("2026-11-28T10:29:59Z");
  t.deepEqual((await activate(host))[NOTIFY], NOT_DUE);
  host.clock.set("2026-11-28T10:30:00Z");
  t.deepEqual((await activate(host))[NOTIFY], ACTIVATED);
  // Weekly: last 2026-11-25 09:00:00 Paris = 08:00:00Z, so 2026-12-02T08:00:00Z.
  host.clock.set("2026-12-02T07:59:59Z");
  t.deepEqual((await activate(host))[REMIND], NOT_DUE);
  host.clock.set("2026-12-02T08:00:00Z");
  t.deepEqual((await activate(host))[REMIND], ACTIVATED);
  t.true(activatedPaths(fd).includes(`PATCH /objects/tasks/${encodeURIComponent(REMIND)}`));
});

test("Daily, Monthly, Yearly and Minutes:NN, due and not due, by their last activation (FD zone, month ends)", async (t) => {
  const { host } = await setUp(t);
  const task = await addCyclicTask(host, "cyclic-probe", "Daily", "2026-11-27 11:00:00");
  // [schedule, fdTasksLastExec (Paris wall time), expected at DEMO_NOW = 11:00:00 Paris]
  const cases: Array<[string, string, unknown]> = [
    ["Daily", "2026-11-27 11:00:00", ACTIVATED],
    ["Daily", "2026-11-27 11:00:01", NOT_DUE],
    ["Monthly", "2026-10-28 11:00:00", ACTIVATED], // CEST ended on Oct 25: same wall time, one month
    ["Monthly", "2026-10-28 11:00:01", NOT_DUE],
    ["Monthly", "2025-11-28 11:00:01", ACTIVATED], // a year and a bit: upstream 1.1's Monthly never fired here
    ["Yearly", "2025-11-28 11:00:00", ACTIVATED],
    ["Yearly", "2025-11-28 11:00:01", NOT_DUE],
    ["Minutes:30", "2026-11-28 10:30:00", ACTIVATED],
    ["Minutes:30", "2026-11-28 10:30:01", NOT_DUE],
    ["Minutes:05", "2026-11-28 10:55:00", ACTIVATED],
    ["Minutes:05", "2026-11-28 10:55:01", NOT_DUE],
    ["Daily", "20261127100000Z", ACTIVATED], // FD 1.6 GeneralizedTime
    ["Daily", "20261127100001Z", NOT_DUE],
  ];
  for (const [schedule, lastExec, expected] of cases) {
    await host.ldap.modify(task, [
      { operation: "replace", attribute: "fdTasksRepeatableSchedule", values: [schedule] },
      { operation: "replace", attribute: "fdTasksLastExec", values: [lastExec] },
    ]);
    t.deepEqual((await activate(host))[task], expected, `${schedule} after ${lastExec}`);
  }
  // Month end: Oct 31 + 1 month is Nov 30 (clamped), not Dec 1.
  await host.ldap.modify(task, [{ operation: "replace", attribute: "fdTasksRepeatableSchedule", values: ["Monthly"] }]);
  await setLastExec(host, task, "2026-10-31 12:00:00");
  host.clock.set("2026-11-30T10:59:59Z");
  t.deepEqual((await activate(host))[task], NOT_DUE);
  host.clock.set("2026-11-30T11:00:00Z");
  t.deepEqual((await activate(host))[task], ACTIVATED);
});

test("a start schedule in the future waits, a task never activated is activated, an unknown schedule is reported", async (t) => {
  const { host, fd } = await setUp(t);
  const future = await addCyclicTask(host, "starts-2099", "Daily", null, "20991231235959");
  const fresh = await addCyclicTask(host, "never-activated", "Monthly", null);
  const odd = await addCyclicTask(host, "fortnightly", "Fortnightly", "2026-01-01 00:00:00");
  const body = await activate(host);
  t.deepEqual(body[future], BEFORE_SCHEDULE);
  t.deepEqual(body[fresh], ACTIVATED);
  t.regex(String((body[odd] as { error?: string }).error), /Fortnightly.*Yearly, Monthly, Weekly, Daily, Hourly or Minutes:NN/);
  const paths = activatedPaths(fd);
  t.false(paths.some((path) => path.includes("starts-2099")));
  t.false(paths.some((path) => path.includes("fortnightly")));
  t.true(paths.includes(`PATCH /objects/tasks/${encodeURIComponent(fresh)}`));
  t.deepEqual(Object.keys(body).sort(), [...DEMO_REPEATABLE, future, fresh, odd].sort());
});

test("a FusionDirectory error becomes that task's result and the other tasks are still activated", async (t) => {
  const { host, fd } = await setUp(t);
  const refused = await addCyclicTask(host, "refused (by FD)", "Daily", null);
  const odd = await addCyclicTask(host, "odd-answer", "Daily", null);
  fd.override((call) => (call.path.includes("refused") ? { status: 500, body: { errors: ["Could not save task"] } } : undefined));
  fd.override((call) => (call.path.includes("odd-answer") ? { status: 200, body: ["saved", "but not the DN"] } : undefined));
  const body = await activate(host);
  t.deepEqual(body[refused], { result: { errors: ["Could not save task"] } });
  t.deepEqual(body[odd], { result: ["saved", "but not the DN"] });
  t.deepEqual(body[AUDIT], ACTIVATED);
  // PHP rawurlencode: parentheses and spaces are percent-encoded too.
  t.true(activatedPaths(fd).includes("PATCH /objects/tasks/cn%3Drefused%20%28by%20FD%29%2Cou%3Dtasks%2Cdc%3Dexample%2Cdc%3Dorg"));
});

test("an expired FusionDirectory session is renewed once and the activation still goes through", async (t) => {
  const { host, fd } = await setUp(t);
  t.deepEqual((await activate(host))[AUDIT], ACTIVATED);
  fd.expireSessions();
  t.deepEqual((await activate(host))[AUDIT], ACTIVATED);
  t.is(fd.issuedTokens.length, 2);
  const patches = fd.apiCalls();
  t.deepEqual(
    patches.map((call) => [call.headers["session-token"], fd.issuedTokens.indexOf(call.headers["session-token"] ?? "")]),
    [
      [fd.issuedTokens[0], 0],
      [fd.issuedTokens[0], 0],
      [fd.issuedTokens[1], 1],
    ],
  );
});

test("FusionDirectory unreachable: the due task's result says so, the request still answers", async (t) => {
  const fd = await startFakeFusionDirectory();
  const config = fakeFusionDirectoryConfig(fd);
  await fd.stop(); // nothing listens on that port any more
  const host = await startTestHost({ plugins: [], config });
  t.teardown(() => host.stop());
  const body = await activate(host);
  t.like(body[AUDIT], { result: { code: "FDO_ERR_FD_UNAVAILABLE" } });
  t.regex(JSON.stringify(body[AUDIT]), /ECONNREFUSED/);
  t.deepEqual(body[NOTIFY], NOT_DUE);
  t.false(JSON.stringify(host.logs()).includes(fd.password));
});

test("without FUSIONDIRECTORY_WEBSERVICE_URL a due task is FDO_ERR_FD_NOT_CONFIGURED; no repeatable task needs no FD", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/activateCyclicTasks");
  t.is(response.status, 501);
  t.like(response.body, { code: "FDO_ERR_FD_NOT_CONFIGURED", details: { dueTasks: [AUDIT] } });
  t.regex((response.body as { message: string }).message, /FUSIONDIRECTORY_WEBSERVICE_URL/);

  for (const dn of DEMO_REPEATABLE) await host.ldap.modify(dn, [{ operation: "replace", attribute: "fdTasksRepeatable", values: ["FALSE"] }]);
  const none = await host.request("PATCH", "/api/tasks/ACTIVATECYCLICTASKS");
  t.is(none.status, 200);
  t.deepEqual(none.body, ["No tasks require activation."]);
  t.is((await host.request("PATCH", "/api/tasks/activateCyclicTasks", { auth: false })).status, 401);
});

test("FD 1.6 tasks get the newest upstream's words: 'next activation cycle' before their start, and no entry when not due", async (t) => {
  const { host, fd } = await setUp(t);
  const future = await addCyclicTask(host, "fd16-starts-2099", "Daily", null, "20991231225959Z");
  const notDue = await addCyclicTask(host, "fd16-daily", "Daily", "20261128090000Z", "20261101080000Z");
  const due = await addCyclicTask(host, "fd16-hourly", "Hourly", "20261128090000Z", "20261101080000Z");
  const body = await activate(host);
  t.deepEqual(body[future], { Status: "This cyclic task has yet to reach its next activation cycle." });
  t.false(notDue in body, "a 1.6 task that is not due is left out of the answer");
  t.deepEqual(body[due], ACTIVATED);
  // The FD 1.5 demo tasks beside them keep 1.1's words.
  t.deepEqual(body[NOTIFY], NOT_DUE);
  const paths = activatedPaths(fd);
  t.true(paths.includes(`PATCH /objects/tasks/${encodeURIComponent(due)}`));
  t.false(paths.some((path) => path.includes("fd16-daily") || path.includes("fd16-starts-2099")));
});
