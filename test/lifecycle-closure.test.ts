// FD 1.6 Life Cycle on a real slapd: REGEX resources and account closure (attributes only an FD 1.6 schema has),
// with the newest upstream's texts on 'lifeCycle' subtasks and 1.1's on a subtask FD 1.5 spelled. Clock frozen at
// 2026-11-28T10:00:00Z (20261128 in Europe/Paris).
import path from "node:path";
import { type FakeFusionDirectory, fakeFusionDirectoryConfig, startFakeFusionDirectory, startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const closure = (n: number) => `cn=fixture-closure-SubTask-1795161601_810${n},${TASKS}`;
const REGEX = `cn=fixture-regex-SubTask-1795161601_8201,${TASKS}`;

type Body = Record<string, unknown> & { summary?: Record<string, number> };

async function start(t: ExecutionContext): Promise<{ h: TestHost; fake: FakeFusionDirectory }> {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  const h = await startTestHost({
    plugins: [path.resolve("plugins/lifecycle")],
    ldif: [path.resolve("test/lifecycle-plugin/closure-fixtures.ldif")],
    config: fakeFusionDirectoryConfig(fake),
  });
  t.teardown(() => h.stop());
  return { h, fake };
}

async function values(h: TestHost, uid: string): Promise<string[]> {
  return [...((await h.ldap.read(user(uid), ["supannRessourceEtatDate"]))?.values("supannRessourceEtatDate") ?? [])].sort();
}

async function status(h: TestHost, dn: string): Promise<string | undefined> {
  return (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
}

const refreshed = (uid: string) => `User: ${user(uid)} has been correctly refreshed.`;

test("account closure: {COMPTE} locked when no APP-* resource is active; otherwise status 2 with upstream's reason on FD 1.6 subtasks, deleted on an FD 1.5 one", async (t) => {
  const { h, fake } = await start(t);
  const busyBefore = await values(h, "cl-busy");
  const response = await h.request("PATCH", "/api/tasks/lifeCycle");
  t.is(response.status, 200);
  const body = response.body as Body;

  t.deepEqual(await values(h, "cl-idle"), ["{APP-sso}I:SupannExpire:20240101:20261001", "{APP-wiki}I::20240101:", "{COMPTE}S:SupannVerrouAdministratif:20261128:", "{MAIL}A:SupannActif"]);
  t.is(await status(h, closure(1)), "2");
  t.like(body[closure(1)], { refreshUser: refreshed("cl-idle"), statusUpdate: "Success" });

  const busy = `Account closure not needed for ${user("cl-busy")} - user has active resources ({APP-wiki}A::20240101:)`;
  t.is(await status(h, closure(2)), "2");
  t.deepEqual(body[closure(2)], { results: busy, statusUpdate: "Success" });
  t.deepEqual(await values(h, "cl-busy"), busyBefore);

  t.is(await status(h, closure(3)), "2");
  t.deepEqual(body[closure(3)], { results: `No matching resources found for ${user("cl-none")} - nothing to process`, statusUpdate: "Success" });

  t.is(await status(h, closure(4)), "No ACCOUNT resource found to deactivate");
  t.like(body[closure(4)], { statusUpdate: "Failed" });
  t.deepEqual(await values(h, "cl-nocpt"), ["{APP-wiki}I::20240101:"]);

  // The subtask FD 1.5 spelled ('Life Cycle') gets 1.1's treatment of "no modification": deleted.
  t.is(await h.ldap.read(closure(5)), null);
  t.deepEqual(body[closure(5)], { results: busy, statusUpdate: "No updates required, sub-task will be removed." });

  // Only the changed users are refreshed in FusionDirectory.
  const refreshedUsers = fake
    .apiCalls()
    .filter((call) => call.path.startsWith("/objects/user/"))
    .map((call) => decodeURIComponent(call.path.slice("/objects/user/".length)));
  t.deepEqual(refreshedUsers.sort(), [user("cl-idle"), user("cl-rx"), user("bob"), user("carol"), user("ines")].sort());
});

test("REGEX to REGEX: the matching value that ended moves to I:SupannExpire for 15 days from its end; the others stay", async (t) => {
  const { h } = await start(t);
  const response = await h.request("PATCH", "/api/tasks/lifeCycle");
  t.is(response.status, 200);
  t.deepEqual(await values(h, "cl-rx"), ["{APP-mail.prod_2}I:SupannExpire:20261128:20261213", "{APP-wiki}A::20250101:20271201", "{COMPTE}A:SupannActif:20240101:20271231"]);
  t.is(await status(h, REGEX), "2");
  t.like((response.body as Body)[REGEX], {
    statusUpdate: "Success",
    changes: [{ before: "{APP-mail.prod_2}A:SupannActif:20250101:20261128", after: "{APP-mail.prod_2}I:SupannExpire:20261128:20261213" }],
  });
});
