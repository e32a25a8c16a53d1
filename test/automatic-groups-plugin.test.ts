// The Automatic Groups plugin against a real slapd with the FD 1.6 fixtures (described at the top of
// test/automatic-groups-plugin/automatic-groups-fixtures.ldif). Clock frozen at 2026-11-28T10:00:00Z.
import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const PLUGIN = path.resolve("plugins/automatic-groups");
const LDIF = [path.resolve("test/fixtures/fd16-directory.ldif"), path.resolve("test/automatic-groups-plugin/automatic-groups-fixtures.ldif")];
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const group = (cn: string) => `cn=${cn},ou=groups,${BASE}`;
const membership = (task: string, n: string) => `cn=${task}-SubTask-1795780803_${n},${TASKS}`;
const DYNAMIC_APPS = membership("f16-dynamic-apps", "9971");
const DYNAMIC_STATIC = membership("f16-dynamic-static", "9981");
type Body = Record<string, { result: string }>;

async function host(t: ExecutionContext): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ldif: LDIF, now: "2026-11-28T10:00:00Z" });
  t.teardown(() => started.stop());
  t.deepEqual(
    started.plugins.loaded.map((plugin) => plugin.id),
    ["automatic-groups"],
  );
  return started;
}

const status = async (h: TestHost, dn: string) => (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
const members = async (h: TestHost, dn: string) => [...((await h.ldap.read(dn, ["member"]))?.values("member") ?? [])].sort();

test.serial("membership sync adds and removes single member values with upstream's messages; the last member, NONE and REGEX", async (t) => {
  const h = await host(t);
  const target = group("f16-target");
  const response = await h.request("PATCH", "/api/tasks/automaticGroups");
  t.is(response.status, 200, JSON.stringify(response.body));
  const body = response.body as Body;
  const result = (n: string, task = "f16-auto-expired") => body[membership(task, n)]?.result;
  t.is(result("9701"), `User ${user("f16-ann")} successfully added to group ${target}`);
  t.is(result("9702"), `User ${user("f16-cat")} already present in group ${target} - no need to add`);
  t.is(result("9703"), `User ${user("f16-ben")} removed from group ${target}`);
  t.is(result("9704"), `User ${user("f16-eve")} not present in group ${target} - no need to remove`);
  t.is(result("9705"), `User ${user("f16-dan")} not present in group ${target} - no need to remove`, "the FD 1.5 spelling 'Automatic Groups' is served");
  // Concurrent add and delete on one group keep each other's change and the member no subtask names (hugo).
  t.deepEqual(await members(h, target), [user("f16-ann"), user("f16-cat"), user("hugo")].sort());

  t.is(result("9801", "f16-auto-solo"), `User ${user("f16-ann")} is the last member of group ${group("f16-solo")} - kept, a groupOfNames cannot be empty`);
  t.deepEqual(await members(h, group("f16-solo")), [user("f16-ann")]);

  t.is(result("9901", "f16-auto-regex"), `User ${user("f16-cat")} successfully added to group ${group("f16-apps")}`);
  t.is(result("9902", "f16-auto-regex"), `User ${user("f16-fay")} successfully added to group ${group("f16-apps")}`);
  t.is(result("9903", "f16-auto-regex"), `User ${user("f16-ann")} not present in group ${group("f16-apps")} - no need to remove`);
  t.deepEqual(await members(h, group("f16-apps")), [user("f16-cat"), user("f16-fay"), user("hugo")].sort());

  t.is(result("9951", "f16-auto-none"), "", "a NONE resource decides nothing");
  t.is(await status(h, membership("f16-auto-none", "9951")), "2");
  t.regex(String(result("9961", "f16-auto-badregex")), /^Error processing task: .*\(a\+\)\+/);
  t.not(await status(h, membership("f16-auto-badregex", "9961")), "2");
  for (const n of ["9701", "9702", "9703", "9704", "9705"]) t.is(await status(h, membership("f16-auto-expired", n)), "2", n);
  // The dynamic group subtasks wait for their own request.
  t.falsy(body[DYNAMIC_APPS]);
  t.is(await status(h, DYNAMIC_APPS), "1");

  const again = await h.request("PATCH", "/api/tasks/automaticGroups");
  t.is((again.body as unknown[])[0], "No automatic groups tasks require processing.");
});

test.serial("a dry run says what would change and changes nothing", async (t) => {
  const h = await host(t);
  const before = await members(h, group("f16-target"));
  const dry = (await h.request("PATCH", "/api/tasks/automaticGroups?dryRun=true")).body as Body;
  t.is(dry[membership("f16-auto-expired", "9701")]?.result, `User ${user("f16-ann")} would be added to group ${group("f16-target")}`);
  t.is(dry[membership("f16-auto-expired", "9703")]?.result, `User ${user("f16-ben")} would be removed from group ${group("f16-target")}`);
  t.deepEqual(await members(h, group("f16-target")), before);
  t.is(await status(h, membership("f16-auto-expired", "9701")), "1");
  const dynamic = (await h.request("PATCH", "/api/tasks/automaticGroups?dryRun=true", { body: { type: "dynamic-group" } })).body as Body;
  t.regex(dynamic[DYNAMIC_STATIC]?.result ?? "", /^Dynamic group 'dynamic-compte-i-supannexpire' would be created with URL: /);
  t.is(await h.ldap.read(group("dynamic-compte-i-supannexpire"), ["cn"]), null);
  t.is(await status(h, DYNAMIC_STATIC), "1");
});

test.serial("dynamic groups are created as groupOfURLs in FusionDirectory's fdGroupRDN branch, once", async (t) => {
  const h = await host(t);
  const teams = `ou=teams,${BASE}`;
  await h.ldap.add(teams, { objectClass: "organizationalUnit", ou: "teams" });
  await h.ldap.modify(`cn=config,ou=fusiondirectory,${BASE}`, [
    { operation: "add", attribute: "objectClass", values: ["extensibleObject"] },
    { operation: "add", attribute: "fdGroupRDN", values: ["ou=teams"] },
  ]);
  const created = (await h.request("PATCH", "/api/tasks/automaticGroups", { body: { type: "dynamic-group" } })).body as Body;
  t.deepEqual(created[DYNAMIC_APPS]?.result.split("\n").sort(), [
    "Successfully created dynamic group 'dynamic-app-mail-i' with URL: ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={APP-mail}I*)",
    "Successfully created dynamic group 'dynamic-app-wiki-i' with URL: ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={APP-wiki}I*)",
  ]);
  t.regex(created[DYNAMIC_STATIC]?.result ?? "", /^Successfully created dynamic group 'dynamic-compte-i-supannexpire'/, "the 'Dynamic-Group' spelling is served");
  const wiki = await h.ldap.read(`cn=dynamic-app-wiki-i,${teams}`, ["objectClass", "memberURL", "description"]);
  t.deepEqual([...(wiki?.values("objectClass") ?? [])].sort(), ["extensibleObject", "groupOfURLs"]);
  t.is(wiki?.first("description"), "Dynamic group for app-wiki-i");
  t.is(await h.ldap.read(group("dynamic-app-wiki-i"), ["cn"]), null, "not in the hard-coded ou=groups");
  t.falsy(created[membership("f16-auto-expired", "9701")], "membership subtasks wait for their own request");

  // The tasks come round again (as activateCyclicTasks would make them): nothing new is created.
  const dynamicGroups = async () => (await h.ldap.searchAll({ base: teams, scope: "one", filter: "(objectClass=groupOfURLs)", attributes: ["cn"] })).map((entry) => entry.dn).sort();
  const groupsAfterFirst = await dynamicGroups();
  t.is(groupsAfterFirst.length, 3);
  for (const dn of [DYNAMIC_APPS, DYNAMIC_STATIC]) await h.ldap.modify(dn, [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["1"] }]);
  const second = (await h.request("PATCH", "/api/tasks/automaticGroups", { body: { type: "dynamic-group" } })).body as Body;
  t.is(second[DYNAMIC_STATIC]?.result, "Dynamic group 'dynamic-compte-i-supannexpire' already exists - not modified");
  t.true(second[DYNAMIC_APPS]?.result.split("\n").every((line) => / already exists - not modified$/.test(line)));
  t.deepEqual(await dynamicGroups(), groupsAfterFirst);
});

test.serial("an unknown type is a 400 that changes nothing; GET lists the subtasks of both jobs", async (t) => {
  const h = await host(t);
  const bad = await h.request("PATCH", "/api/tasks/automaticGroups", { body: { type: "static-group" } });
  t.is(bad.status, 400);
  t.like(bad.body, { code: "FDO_ERR_HTTP_BAD_REQUEST" });
  t.is(await status(h, membership("f16-auto-expired", "9701")), "1");
  const listed = await h.request("GET", "/api/tasks/automaticGroups");
  t.is(listed.status, 200);
  const text = JSON.stringify(listed.body);
  for (const dn of [membership("f16-auto-expired", "9701"), membership("f16-auto-expired", "9705"), DYNAMIC_APPS, DYNAMIC_STATIC]) t.true(text.includes(dn), dn);
});
