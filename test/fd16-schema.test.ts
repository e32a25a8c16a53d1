// The FD 1.6 part of the test schema against a real slapd: the fixtures of the archive, extractor/export and automatic
// groups task types (and 1,000 generated archive subtasks) load, and the writes those task types will make (member
// subtasks, single member values, dynamic groups, fdGroupRDN) are accepted, or refused with the result codes the
// domain modules expect.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DirectoryEntry, isOrchestratorError, ldapFilter } from "@fdo/sdk";
import { startSlapd, type TestSlapd } from "@fdo/testing";
import test from "ava";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { planArchiveTarget } from "../plugins/archive/src/expansion.js";
import { readArchiveRule } from "../plugins/archive/src/rule.js";
import { dynamicGroupEntry, dynamicGroupSpecs, groupsBranch } from "../plugins/automatic-groups/src/dynamic-groups.js";
import { type MembershipChange, membershipChange, messages, settledByRace } from "../plugins/automatic-groups/src/member-change.js";
import { RESOURCE_ENTRY_FILTER, RESOURCE_NAME_ATTRIBUTE } from "../plugins/automatic-groups/src/resources.js";
import { readDynamicGroupRule } from "../plugins/automatic-groups/src/rule.js";
import { readExportTask } from "../plugins/extractor/src/task-spec.js";
import { archiveBulkLdif } from "./support/archive-bulk-ldif.js";
import { silentLogger } from "./support/fakes.js";

const BASE = "dc=example,dc=org";
const FIXTURES = [
  "test/fixtures/fd16-directory.ldif",
  "test/archive-plugin/archive-fixtures.ldif",
  "test/extractor-plugin/extractor-fixtures.ldif",
  "test/automatic-groups-plugin/automatic-groups-fixtures.ldif",
];
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const group = (cn: string) => `cn=${cn},ou=groups,${BASE}`;
const task = (cn: string) => `cn=${cn},ou=tasks,${BASE}`;

let slapd: TestSlapd;
let scratch: string;
let directory: LdapDirectory;

test.before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "fdo-fd16-schema-"));
  const bulk = path.join(scratch, "archive-bulk.ldif");
  await writeFile(bulk, archiveBulkLdif({ count: 1000 }));
  slapd = await startSlapd({ ldif: [...FIXTURES.map((file) => path.resolve(file)), bulk] });
  directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, timeoutMs: 10_000, connectTimeoutMs: 2_000, logger: silentLogger });
});

test.after.always(async () => {
  await directory?.close();
  await slapd?.destroy();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

async function count(filter: string): Promise<number> {
  let found = 0;
  for await (const _entry of directory.search({ base: BASE, filter, attributes: ["1.1"] })) found += 1;
  return found;
}

async function read(dn: string, attributes?: readonly string[]): Promise<DirectoryEntry> {
  const entry = await directory.read(dn, attributes);
  if (entry === null) throw new Error(`${dn} not found`);
  return entry;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; resultCode: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (isOrchestratorError(error)) return { code: error.code, resultCode: error.details?.["resultCode"] as number | undefined };
    throw error;
  }
  throw new Error("accepted");
}

test.serial("slapd loads every fixture and 1,000 generated archive subtasks, in both subtask spellings", async (t) => {
  const subtasks = (type: string) => count(ldapFilter`(&(objectClass=fdTasksGranular)(fdTasksGranularType=${type}))`);
  t.is(await subtasks("archive"), 13 + 1000);
  t.is(await subtasks("extract"), 4);
  t.is(await subtasks("export"), 2);
  t.is(await subtasks("automaticGroups"), 10);
  t.is(await subtasks("Automatic Groups"), 1);
  t.is(await subtasks("automaticGroupsDynamic"), 1);
  t.is(await subtasks("Dynamic-Group"), 1);
  t.is(await count("(objectClass=fdArchiveTasks)"), 4);
  t.is(await count("(objectClass=fdTasksAutomaticGroups)"), 7);
  t.is(await count(RESOURCE_ENTRY_FILTER), 5);
  t.is((await read(user("f16-fay"), ["cn"])).first("cn"), "Faÿ Ünïcode-Ørsted");
});

test.serial("extractor and export share their OIDs: one class, attributes returned under the extractor names, read by either task type", async (t) => {
  t.is(await count("(objectClass=fdExportTasks)"), 4);
  t.is(await count("(objectClass=fdExtractorTasks)"), 4);
  const exportTask = await read(task("f16-export-nested"));
  t.true(exportTask.values("objectClass").includes("fdExportTasks"));
  t.true(exportTask.attributeNames.includes("fdExtractorTaskMembers"));
  t.false(exportTask.attributeNames.includes("fdExportTaskMembers"));
  const spec = readExportTask(exportTask);
  if (!spec.ok) return t.fail(spec.error);
  t.deepEqual(spec.task.memberDns, [group("f16-nested")]);
  t.is(spec.task.sender, "exports@example.org");
  t.deepEqual(spec.task.recipientDns, [user("hugo"), user("f16-eve")]);
  const all = await read(user("f16-fay"), ["*"]);
  t.deepEqual(all.values("description"), ['Line one,\nline "two"'], '"*" reads every user attribute');
});

test.serial("archive: the rules read from real tasks; a group's member subtasks are accepted once, then already exist", async (t) => {
  t.deepEqual(readArchiveRule(await read(task("f16-archive-expired"))), { ok: true, rule: { resource: "COMPTE", state: "I", subState: "SupannExpire" } });
  t.deepEqual(readArchiveRule(await read(task("f16-archive-broken"))), { ok: false, error: `Archive task ${task("f16-archive-broken")}: fdArchiveTaskState "II" is not a state letter (A, I, S...)` });
  const parentDn = task("f16-archive-expired-SubTask-1795780801_9003");
  const parent = await read(parentDn);
  const plan = await planArchiveTarget({ dn: parentDn, cn: parent.first("cn") ?? "", entry: parent }, group("f16-trio"), (dn, attributes) => directory.read(dn, attributes), 5);
  if (plan.kind !== "group") return t.fail(plan.kind);
  for (const child of plan.children) await directory.add(child.dn, child.attributes);
  const children = await directory.searchAll({ base: BASE, filter: ldapFilter`(&(objectClass=fdTasksGranular)(fdTasksGranularMaster=${task("f16-archive-expired")})(cn=*-extract-*))` });
  t.deepEqual(children.map((child) => child.first("fdTasksGranularDN")).sort(), [user("f16-ann"), user("f16-ben"), user("f16-cat")]);
  t.true(children.every((child) => child.first("fdTasksGranularStatus") === "1" && child.first("fdTasksGranularType") === "archive"));
  const again = await planArchiveTarget({ dn: parentDn, cn: parent.first("cn") ?? "", entry: parent }, group("f16-trio"), (dn, attributes) => directory.read(dn, attributes), 5);
  if (again.kind !== "group") return t.fail(again.kind);
  for (const child of again.children) t.is((await refusal(directory.add(child.dn, child.attributes))).code, "FDO_ERR_LDAP_ALREADY_EXISTS");
  const user1 = await planArchiveTarget({ dn: parentDn, cn: parent.first("cn") ?? "", entry: parent }, user("f16-ann"), (dn, attributes) => directory.read(dn, attributes), 5);
  t.is(user1.kind, "user");
});

async function applied(groupDn: string, uid: string, belongs: boolean): Promise<{ change: MembershipChange; outcome: string }> {
  const decided = membershipChange(await read(groupDn, ["objectClass", "member", "roleOccupant"]), user(uid), belongs);
  if (!decided.ok) throw new Error(decided.error);
  const { change } = decided;
  if (change.action === "none") return { change, outcome: change.message };
  try {
    await directory.modify(groupDn, [change.change]);
    return { change, outcome: change.message };
  } catch (error) {
    if (!isOrchestratorError(error)) throw error;
    return { change, outcome: settledByRace(change, user(uid), groupDn, { code: error.code, resultCode: error.details?.["resultCode"] as number | undefined }) ?? `failed: ${error.code}` };
  }
}

test.serial("automatic groups: single member values are added and deleted; races and the last member give the codes the domain expects", async (t) => {
  const target = group("f16-target");
  t.is((await applied(target, "f16-ann", true)).outcome, messages.added(user("f16-ann"), target));
  t.is((await applied(target, "f16-ben", false)).outcome, messages.removed(user("f16-ben"), target));
  t.deepEqual((await read(target, ["member"])).values("member"), [user("f16-cat"), "uid=hugo,ou=people,dc=example,dc=org", user("f16-ann")], "hugo, in no subtask, stays");

  // What a concurrent run sees when it read the group before the changes above.
  const stale = await read(group("f16-trio"), ["objectClass", "member"]);
  const add = membershipChange(stale, user("f16-dan"), true);
  const remove = membershipChange(stale, user("f16-ben"), false);
  if (!add.ok || !remove.ok || add.change.action !== "add" || remove.change.action !== "remove") return t.fail("unexpected decisions");
  await directory.modify(group("f16-trio"), [add.change.change, remove.change.change]);
  const addAgain = await refusal(directory.modify(group("f16-trio"), [add.change.change]));
  t.is(settledByRace(add.change, user("f16-dan"), group("f16-trio"), addAgain), messages.alreadyPresent(user("f16-dan"), group("f16-trio")), JSON.stringify(addAgain));
  const removeAgain = await refusal(directory.modify(group("f16-trio"), [remove.change.change]));
  t.is(settledByRace(remove.change, user("f16-ben"), group("f16-trio"), removeAgain), messages.notPresent(user("f16-ben"), group("f16-trio")), JSON.stringify(removeAgain));

  // The last member of a groupOfNames: the decision keeps it, and the server would refuse to remove it anyway.
  t.is((await applied(group("f16-solo"), "f16-ann", false)).outcome, messages.keptLast(user("f16-ann"), group("f16-solo")));
  const forced = await refusal(directory.modify(group("f16-solo"), [{ operation: "delete", attribute: "member", values: [user("f16-ann")] }]));
  t.is(forced.resultCode, 65, "objectClassViolation");
  t.is(
    settledByRace({ action: "remove", change: { operation: "delete", attribute: "member", values: [user("f16-ann")] }, message: "" }, user("f16-ann"), group("f16-solo"), forced),
    messages.keptLast(user("f16-ann"), group("f16-solo")),
  );
  // A role may be emptied.
  t.is((await applied(group("f16-board"), "f16-ann", false)).outcome, messages.removed(user("f16-ann"), group("f16-board")));
  t.is((await applied(group("f16-board"), "f16-dan", false)).outcome, messages.removed(user("f16-dan"), group("f16-board")));
});

test.serial("dynamic groups are accepted in the configured groups branch (fdGroupRDN), once", async (t) => {
  const config = `cn=config,ou=fusiondirectory,${BASE}`;
  await directory.add(`ou=dyngroups,${BASE}`, { objectClass: "organizationalUnit", ou: "dyngroups" });
  await directory.modify(config, [
    { operation: "add", attribute: "objectClass", values: ["extensibleObject"] },
    { operation: "add", attribute: "fdGroupRDN", values: ["ou=dyngroups"] },
  ]);
  const branch = groupsBranch((await read(config, ["fdGroupRDN"])).first("fdGroupRDN"), BASE);
  t.is(branch, `ou=dyngroups,${BASE}`);
  const rule = readDynamicGroupRule(await read(task("f16-dynamic-apps")));
  if (!rule.ok) return t.fail(rule.error);
  const names = (await directory.searchAll({ base: BASE, filter: RESOURCE_ENTRY_FILTER, attributes: [RESOURCE_NAME_ATTRIBUTE] })).flatMap((entry) => entry.values(RESOURCE_NAME_ATTRIBUTE));
  const specs = dynamicGroupSpecs(rule.rule, names);
  t.deepEqual(specs.map((spec) => spec.name).sort(), ["dynamic-app-mail-i", "dynamic-app-wiki-i"]);
  for (const spec of specs) {
    const entry = dynamicGroupEntry(spec, branch);
    await directory.add(entry.dn, entry.attributes);
    t.is((await refusal(directory.add(entry.dn, entry.attributes))).code, "FDO_ERR_LDAP_ALREADY_EXISTS");
  }
  const created = await read(`cn=dynamic-app-wiki-i,${branch}`);
  t.deepEqual(created.values("memberURL"), ["ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={APP-wiki}I*)"]);
  t.deepEqual(created.values("description"), ["Dynamic group for app-wiki-i"]);
});
