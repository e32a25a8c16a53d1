import { DEMO_NOW, startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";

const TASKS = "ou=tasks,dc=example,dc=org";
const NOTHING = { message: "No failed subtasks found to restart." };
// The demo's failed subtasks (core/ldap/demo.ldif): an SMTP error under welcome-mail-2026, an LDAP error JSON under
// fd16-audit-retention.
const SMTP_FAILED = `cn=welcome-mail-2026-SubTask-1793520002_1005,${TASKS}`;
const LDAP_FAILED = `cn=fd16-audit-retention-SubTask-1795161601_7502,${TASKS}`;
const NOW_SECONDS = Math.floor(Date.parse(DEMO_NOW) / 1000);

async function addSubtask(host: TestHost, cn: string, status: string, master = `cn=welcome-mail-2026,${TASKS}`): Promise<string> {
  const dn = `cn=${cn},${TASKS}`;
  await host.ldap.add(dn, {
    objectClass: ["top", "fdTasksGranular"],
    cn,
    fdTasksGranularMaster: master,
    fdTasksGranularType: "Mail Object",
    fdTasksGranularSchedule: "20261101090000",
    fdTasksGranularStatus: status,
  });
  return dn;
}

async function status(host: TestHost, dn: string): Promise<readonly string[] | undefined> {
  return (await host.ldap.read(dn, ["fdTasksGranularStatus"]))?.values("fdTasksGranularStatus");
}

type Restarted = { updated: string[]; errors: unknown[]; skippedUnknown?: { reason: string; subtasks: string[] } };

test("restarts every failed subtask, leaves live claims, retries and 1/2/3 alone, and unknown deliveries unless includeUnknown", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const activeClaim = `claimed:host-a-1-aa:${NOW_SECONDS + 600}`;
  const expiredClaim = `claimed:host-a-1-aa:${NOW_SECONDS - 600}`;
  const activeSend = `sending:host-b-2-bb:${NOW_SECONDS + 600}`;
  const untouched = {
    [await addSubtask(host, "claimed-live-SubTask-1", activeClaim)]: activeClaim,
    // An expired claim is the engine's to take over (nothing irreversible happened); restarting is not needed.
    [await addSubtask(host, "claimed-expired-SubTask-1", expiredClaim)]: expiredClaim,
    [await addSubtask(host, "sending-live-SubTask-1", activeSend)]: activeSend,
    [await addSubtask(host, "done-SubTask-1", "2")]: "2",
    [await addSubtask(host, "nothing-SubTask-1", "3")]: "3",
    [await addSubtask(host, "todo-SubTask-1", "1")]: "1",
    // Already due again, with its attempts counted.
    [await addSubtask(host, "retry-SubTask-1", "retry:2: 451 try later")]: "retry:2: 451 try later",
  };
  // A dead run's send and a dropped connection may have delivered their mail.
  const interrupted = await addSubtask(host, "sending-dead-SubTask-1", `sending:host-c-3-cc:${NOW_SECONDS - 1}`);
  const unknown = await addSubtask(host, "unknown-SubTask-1", "delivery unknown: the connection was lost");
  const multiValued = await addSubtask(host, "two-errors-SubTask-1", "first error");
  await host.ldap.modify(multiValued, [{ operation: "add", attribute: "fdTasksGranularStatus", values: ["second error"] }]);

  const response = await host.request("PATCH", "/api/tasks/restartFailedTasks");
  t.is(response.status, 200);
  const body = response.body as Restarted;
  t.deepEqual(body.errors, []);
  t.deepEqual([...body.updated].sort(), [SMTP_FAILED, LDAP_FAILED, multiValued].sort());
  t.deepEqual([...(body.skippedUnknown?.subtasks ?? [])].sort(), [interrupted, unknown].sort());
  for (const dn of body.updated) t.deepEqual(await status(host, dn), ["1"], `${dn} is to do again, with one value`);
  for (const [dn, value] of Object.entries(untouched)) t.deepEqual(await status(host, dn), [value], `${dn} untouched`);
  t.deepEqual(await status(host, unknown), ["delivery unknown: the connection was lost"]);

  const again = await host.request("PATCH", "/api/tasks/restartFailedTasks");
  t.like(again.body, NOTHING);
  t.is((again.body as Restarted).skippedUnknown?.subtasks.length, 2);
  const included = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { includeUnknown: true } });
  t.deepEqual([...(included.body as Restarted).updated].sort(), [interrupted, unknown].sort());
  t.deepEqual(await status(host, unknown), ["1"]);
  t.deepEqual((await host.request("PATCH", "/api/tasks/restartFailedTasks")).body, NOTHING);
});

test("taskName restricts the restart to that main task's subtasks", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "welcome-mail-2026" } });
  t.is(response.status, 200);
  t.deepEqual(response.body, { updated: [SMTP_FAILED], errors: [] });
  t.deepEqual(await status(host, SMTP_FAILED), ["1"]);
  t.deepEqual(await status(host, LDAP_FAILED), ['{"Ldap Error":"Insufficient access (50)"}']);

  const nothingLeft = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "welcome-mail-2026" } });
  t.deepEqual(nothingLeft.body, NOTHING);
  // Matched as LDAP does (caseIgnoreMatch on cn).
  const otherCase = await host.request("PATCH", "/api/tasks/restartfailedtasks", { body: { taskName: "FD16-Audit-Retention" } });
  t.deepEqual(otherCase.body, { updated: [LDAP_FAILED], errors: [] });
});

test("an unknown taskName is upstream's error list, and filter characters in it are escaped", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const unknown = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "no-such-task" } });
  t.is(unknown.status, 200);
  t.deepEqual(unknown.body, { errors: ["Main task with cn 'no-such-task' not found"] });
  // Unescaped, `*` would match every main task and restart everything.
  const wildcard = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "*" } });
  t.deepEqual(wildcard.body, { errors: ["Main task with cn '*' not found"] });
  const injection = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "x)(cn=*" } });
  t.deepEqual(injection.body, { errors: ["Main task with cn 'x)(cn=*' not found"] });
  t.not((await status(host, SMTP_FAILED))?.[0], "1");
  t.not((await status(host, LDAP_FAILED))?.[0], "1");
});

test("a malformed body is refused before anything is restarted; no token, no restart", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  for (const body of [{ taskName: 42 }, { taskName: "  " }, ["welcome-mail-2026"], "welcome-mail-2026", { includeUnknown: "yes" }, { includeUnknown: 1 }]) {
    const response = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body });
    t.is(response.status, 400, JSON.stringify(body));
    t.is((response.body as { code?: string }).code, "FDO_ERR_HTTP_BAD_REQUEST");
  }
  const anonymous = await host.request("PATCH", "/api/tasks/restartFailedTasks", { auth: false });
  t.is(anonymous.status, 401);
  t.not((await status(host, SMTP_FAILED))?.[0], "1");
  // An explicit null taskName is "no filter", as upstream's optional key.
  const all = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: null } });
  t.deepEqual(((all.body as Restarted).updated ?? []).sort(), [SMTP_FAILED, LDAP_FAILED].sort());
});
