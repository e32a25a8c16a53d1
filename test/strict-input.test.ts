import path from "node:path";
import { startTestHost, type TestHost, type TestResponse } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";

// Requests that say something the route does not understand are refused before anything runs (issue 15 item 7,
// issue 12 item 5): an ignored misspelt option means its default, and the default is the costly reading.

const TASKS = "ou=tasks,dc=example,dc=org";
// The demo's failed subtasks (sdk/ldap/demo.ldif), which restartFailedTasks would set back to 1.
const FAILED = [`cn=welcome-mail-2026-SubTask-1793520002_1005,${TASKS}`, `cn=fd16-audit-retention-SubTask-1795161601_7502,${TASKS}`];
const AUDIT_DUE = `cn=audit-retention-SubTask-1795762803_6002,${TASKS}`;

let host: TestHost;
let before: string;

// Everything these requests could change: every subtask's status and every audit event.
async function directoryState(): Promise<string> {
  const subtasks = await host.ldap.searchAll({ base: TASKS, filter: "(objectClass=fdTasksGranular)", attributes: ["fdTasksGranularStatus"] });
  const events = await host.ldap.searchAll({ base: "dc=example,dc=org", filter: "(objectClass=fdAuditEvent)", attributes: ["1.1"] });
  return JSON.stringify([subtasks.map((entry) => [entry.dn, entry.values("fdTasksGranularStatus")]).sort(), events.map((entry) => entry.dn).sort()]);
}

test.before(async () => {
  host = await startTestHost({ plugins: [path.resolve("plugins/audit")] });
  before = await directoryState();
});
test.after.always(() => host?.stop());

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

function assertRefused(t: ExecutionContext, response: TestResponse, code: string, ...named: readonly RegExp[]): ErrorBody {
  t.is(response.status, 400, JSON.stringify(response.body));
  const body = response.body as ErrorBody;
  t.is(body.code, code);
  for (const name of named) t.regex(body.message, name);
  return body;
}

test.serial('restartFailedTasks with {"includeunknown": true} is a 400 naming the key, and restarts nothing', async (t) => {
  const response = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { includeunknown: true } });
  assertRefused(t, response, "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /"includeunknown" \(did you mean includeUnknown\?\)/);
  t.is(await directoryState(), before);
});

test.serial('restartFailedTasks with {"taskname": "x"} is a 400 naming the key, and restarts nothing', async (t) => {
  const response = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskname: "x" } });
  const body = assertRefused(t, response, "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /"taskname" \(did you mean taskName\?\)/);
  t.deepEqual(body.details, { keys: ["taskname"], accepted: ["taskName", "includeUnknown"] });
  for (const dn of FAILED) t.not((await host.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus"), "1", `${dn} not restarted`);
  t.is(await directoryState(), before);
});

for (const [label, query, named] of [
  ["?dryrun=true (lower-case r)", "?dryrun=true", [/unknown query parameter "dryrun" \(did you mean dryRun\?\)/]],
  ["?dry_run=1", "?dry_run=1", [/unknown query parameter "dry_run" \(did you mean dryRun\?\)/]],
  ["?dryRun=TRUE", "?dryRun=TRUE", [/"dryRun" does not accept "TRUE": use one of true, false, 1, 0/]],
  ["?dryRun=yes", "?dryRun=yes", [/"dryRun" does not accept "yes"/]],
  ["?dryRun= (empty)", "?dryRun=", [/"dryRun" does not accept ""/]],
  ["?dryRun=true&dryRun=true", "?dryRun=true&dryRun=true", [/"dryRun" is given more than once/]],
  ["?dryRun=true&dryRun=false", "?dryRun=true&dryRun=false", [/"dryRun" is given more than once/]],
  ["?dryRun=true&force=1&verbose", "?dryRun=true&force=1&verbose", [/"force"/, /"verbose"/]],
] as const) {
  test.serial(`PATCH /api/tasks/audit${label} is a 400 naming it, and runs nothing`, async (t) => {
    const response = await host.request("PATCH", `/api/tasks/audit${query}`);
    assertRefused(t, response, "FDO_ERR_HTTP_QUERY_INVALID", ...named, /this route accepts dryRun/);
    t.is(await directoryState(), before);
  });
}

test.serial("a task type's undeclared body key is a 400 naming it; its declared key still works", async (t) => {
  assertRefused(t, await host.request("PATCH", "/api/tasks/audit", { body: { type: "syslog", dryRun: true } }), "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /"dryRun"/, /accepts type\)/);
  assertRefused(t, await host.request("PATCH", "/api/tasks/audit", { body: { Type: "syslog" } }), "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /"Type" \(did you mean type\?\)/);
  t.is(await directoryState(), before);
  const planned = await host.request("PATCH", "/api/tasks/audit?dryRun=1", { body: { type: "standard" } });
  t.is(planned.status, 200, JSON.stringify(planned.body));
  t.like((planned.body as Record<string, unknown>)[AUDIT_DUE], { dryRun: true });
  t.is(await directoryState(), before, "a dry run changes nothing either");
});

test.serial("the maintenance routes take no query parameters and only their own body keys", async (t) => {
  for (const route of ["removeSubTasks", "activateCyclicTasks", "restartFailedTasks"]) {
    assertRefused(t, await host.request("PATCH", `/api/tasks/${route}?dryRun=true`), "FDO_ERR_HTTP_QUERY_INVALID", /"dryRun"/, /accepts no query parameters/);
  }
  assertRefused(t, await host.request("PATCH", "/api/tasks/removeSubTasks", { body: { taskName: "welcome-mail-2026" } }), "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /accepts no body keys/);
  assertRefused(t, await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "x", includeAll: true } }), "FDO_ERR_HTTP_BODY_KEY_UNKNOWN", /"includeAll"/);
  assertRefused(t, await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: "welcome-mail-2026" }), "FDO_ERR_HTTP_BAD_REQUEST");
  t.is(await directoryState(), before);
  // The declared key is accepted (an unknown main task restarts nothing).
  const unknownTask = await host.request("PATCH", "/api/tasks/restartFailedTasks", { body: { taskName: "no-such-task" } });
  t.is(unknownTask.status, 200, JSON.stringify(unknownTask.body));
  t.is(await directoryState(), before);
});

test.serial("bodies upstream's client sends without options are accepted as empty", async (t) => {
  for (const body of [{}, []]) {
    const response = await host.request("PATCH", "/api/tasks/audit?dryRun=true", { body });
    t.is(response.status, 200, JSON.stringify(body));
  }
  t.is(await directoryState(), before);
});

test("the subtask listing takes limit and offset once each, and nothing else", async (t) => {
  t.is((await host.request("GET", "/api/tasks/audit?limit=5&offset=0")).status, 200);
  assertRefused(t, await host.request("GET", "/api/tasks/audit?limit=5&limit=6"), "FDO_ERR_HTTP_QUERY_INVALID", /"limit" is given more than once/);
  assertRefused(t, await host.request("GET", "/api/tasks/audit?page=2"), "FDO_ERR_HTTP_QUERY_INVALID", /unknown query parameter "page"/, /accepts limit, offset/);
});

test("query parameter names that are object keys elsewhere are unknown here too", async (t) => {
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    assertRefused(t, await host.request("PATCH", `/api/tasks/audit?${name}=1`), "FDO_ERR_HTTP_QUERY_INVALID", new RegExp(`unknown query parameter "${name}"`));
  }
});
