import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";

const TASKS = "ou=tasks,dc=example,dc=org";
const NOTHING_REMOVED = ["No completed sub-tasks were removed."];
// The demo's subtasks at status 2 (core/ldap/demo.ldif header).
const DEMO_DONE = [`cn=welcome-mail-2026-SubTask-1793520002_1004,${TASKS}`, `cn=audit-retention-SubTask-1795680003_6001,${TASKS}`, `cn=fd16-password-policy-SubTask-1795161601_7003,${TASKS}`];
const DEMO_FAILED = [`cn=welcome-mail-2026-SubTask-1793520002_1005,${TASKS}`, `cn=fd16-audit-retention-SubTask-1795161601_7502,${TASKS}`];

async function addSubtask(host: TestHost, cn: string, status: string, type = "Mail Object"): Promise<string> {
  const dn = `cn=${cn},${TASKS}`;
  await host.ldap.add(dn, {
    objectClass: ["top", "fdTasksGranular"],
    cn,
    fdTasksGranularMaster: `cn=welcome-mail-2026,${TASKS}`,
    fdTasksGranularType: type,
    fdTasksGranularSchedule: "20261101090000",
    fdTasksGranularStatus: status,
  });
  return dn;
}

const exists = async (host: TestHost, dn: string): Promise<boolean> => (await host.ldap.read(dn, ["cn"])) !== null;

test("removes every subtask at status 2 or 3 and nothing else; a second call finds nothing", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  for (const dn of [...DEMO_DONE, ...DEMO_FAILED]) t.true(await exists(host, dn), `fixture ${dn}`);
  const nothing = await addSubtask(host, "nothing-to-do-SubTask-1", "3");
  const kept = [
    await addSubtask(host, "claimed-SubTask-1", "claimed:host-1-42-abc:1795860000"),
    await addSubtask(host, "sending-SubTask-1", "sending:host-1-42-abc:1700000000"),
    await addSubtask(host, "pending-SubTask-1", "1"),
    ...DEMO_FAILED,
  ];

  const response = await host.request("PATCH", "/api/tasks/removeSubTasks");
  t.is(response.status, 200);
  const expected = Object.fromEntries([...DEMO_DONE, nothing].map((dn) => [dn, { result: true }]));
  t.deepEqual(response.body, expected);
  for (const dn of [...DEMO_DONE, nothing]) t.false(await exists(host, dn), `${dn} removed`);
  for (const dn of kept) t.true(await exists(host, dn), `${dn} kept`);

  const again = await host.request("PATCH", "/api/tasks/removeSubTasks");
  t.is(again.status, 200);
  t.deepEqual(again.body, NOTHING_REMOVED);
});

test("a delete that fails is reported in its entry and the others are still removed", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  // slapd refuses to delete an entry that has children (notAllowedOnNonLeaf).
  const stuck = await addSubtask(host, "with-child-SubTask-1", "2");
  await host.ldap.add(`ou=child,${stuck}`, { objectClass: ["organizationalUnit"], ou: "child" });

  const response = await host.request("PATCH", "/api/tasks/removeSubTasks");
  t.is(response.status, 200);
  const body = response.body as Record<string, { result: boolean; error?: string }>;
  t.is(body[stuck]?.result, false);
  t.regex(body[stuck]?.error ?? "", /delete/i);
  for (const dn of DEMO_DONE) {
    t.deepEqual(body[dn], { result: true });
    t.false(await exists(host, dn));
  }
  t.true(await exists(host, stuck));
});

test("the path is matched case-insensitively, and needs a bearer token", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const anonymous = await host.request("PATCH", "/api/tasks/removeSubTasks", { auth: false });
  t.is(anonymous.status, 401);
  t.true(await exists(host, DEMO_DONE[0] as string), "nothing removed without a token");

  const lower = await host.request("PATCH", "/api/tasks/removesubtasks");
  t.is(lower.status, 200);
  t.deepEqual(Object.keys(lower.body as object).sort(), [...DEMO_DONE].sort());
  const upper = await host.request("PATCH", "/api/tasks/REMOVESUBTASKS");
  t.deepEqual(upper.body, NOTHING_REMOVED);
});

test("with no finished subtask at all the answer is upstream's list message", async (t) => {
  const host = await startTestHost({ plugins: [], demoData: false });
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/removeSubTasks");
  t.is(response.status, 200);
  t.deepEqual(response.body, NOTHING_REMOVED);
});

test("on FD 1.6 data, nothing removed is answered in the newest upstream's words", async (t) => {
  const host = await startTestHost({ plugins: [], demoData: false });
  t.teardown(() => host.stop());
  // Only a main task, its schedule written as FD 1.6 writes it (GeneralizedTime with its zone).
  await host.ldap.add(TASKS, { objectClass: ["organizationalUnit"], ou: "tasks" });
  await host.ldap.add(`cn=fd16-mail,${TASKS}`, {
    objectClass: ["top", "fdTasks"],
    cn: "fd16-mail",
    fdTasksStatus: "1",
    fdTasksCreationDate: "2026-11-01 08:55:12am",
    fdTasksScheduleDate: "20261101080000Z",
  });
  const mainOnly = await host.request("PATCH", "/api/tasks/removeSubTasks");
  t.deepEqual(mainOnly.body, ["No completed or nothing-to-process sub-tasks were removed."]);

  // A pending subtask FD 1.6 spelled decides too; one FD 1.5 spelled makes it 1.1's words again.
  const pending = await addSubtask(host, "fd16-mail-SubTask-1", "1", "mail");
  t.deepEqual((await host.request("PATCH", "/api/tasks/removeSubTasks")).body, ["No completed or nothing-to-process sub-tasks were removed."]);
  await host.ldap.modify(pending, [{ operation: "replace", attribute: "fdTasksGranularType", values: ["Mail Object"] }]);
  t.deepEqual((await host.request("PATCH", "/api/tasks/removeSubTasks")).body, NOTHING_REMOVED);
});

test("an API-called maintenance run is in the run history like a scheduled one, with what it did", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  t.is((await host.request("PATCH", "/api/tasks/removeSubTasks")).status, 200);
  t.is((await host.request("PATCH", "/api/tasks/restartFailedTasks")).status, 200);
  const page = (await host.request("GET", "/api/runs")).body as { runs: Array<{ id: string; segment: string; trigger: string; outcome: string; summary: { succeeded: number } }> };
  const [restart, removal] = page.runs;
  t.like(removal, { segment: "removesubtasks", trigger: "api", outcome: "ok", summary: { succeeded: DEMO_DONE.length } });
  t.like(restart, { segment: "restartfailedtasks", trigger: "api", outcome: "ok", summary: { succeeded: DEMO_FAILED.length } });
  const detail = (await host.request("GET", `/api/runs/${removal?.id ?? ""}`)).body as { results: Array<{ subtask: string; outcome: string }> };
  t.deepEqual(detail.results.map((result) => result.subtask).sort(), [...DEMO_DONE].sort());
  t.true(host.logs().some((line) => line["msg"] === "run.finished" && line["segment"] === "removesubtasks"));
});
