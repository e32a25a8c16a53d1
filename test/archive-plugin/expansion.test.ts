import type { DirectoryEntry } from "@fdo/sdk";
import test from "ava";
import { childSubtask, childSubtaskCn, parentDnOf, planArchiveTarget } from "../../plugins/archive/src/expansion.js";
import { type Attributes, fakeEntry, fakeSubtask } from "../support/fakes.js";

const TASKS = "ou=tasks,dc=example,dc=org";
const MAIN = `cn=f16-archive-expired,${TASKS}`;
const PARENT_CN = "f16-archive-expired-SubTask-1795780801_9003";
const user = (uid: string, branch = "people") => `uid=${uid},ou=${branch},dc=example,dc=org`;
const group = (cn: string) => `cn=${cn},ou=groups,dc=example,dc=org`;
const parent = (extra: Attributes = {}) =>
  fakeSubtask(`cn=${PARENT_CN},${TASKS}`, "archive", { fdTasksGranularSchedule: "20261120080000Z", fdTasksGranularStatus: "1", fdTasksGranularDN: group("f16-trio"), ...extra }, MAIN);

const person = (state: string) => ({ objectClass: ["inetOrgPerson", "supannPerson"], supannRessourceEtatDate: state });

function directory(entries: Record<string, Attributes>) {
  const reads: Array<{ dn: string; attributes: readonly string[] }> = [];
  const read = async (dn: string, attributes: readonly string[]): Promise<DirectoryEntry | null> => {
    reads.push({ dn, attributes });
    const found = Object.entries(entries).find(([candidate]) => candidate.toLowerCase() === dn.toLowerCase());
    return found === undefined ? null : fakeEntry(found[0], found[1]);
  };
  return { read, reads };
}

const DIRECTORY: Record<string, Attributes> = {
  [user("f16-ann")]: person("{COMPTE}I:SupannExpire::"),
  [user("f16-ben")]: person("{COMPTE}A:SupannActif::"),
  [user("f16-cat")]: person("{COMPTE}I:SupannExpire::"),
  [user("f16-dan")]: person("{COMPTE}I:::"),
  [user("f16-ann", "alumni")]: person("{COMPTE}I:SupannExpire::"),
  [group("f16-trio")]: { objectClass: ["groupOfNames"], member: [user("f16-ann"), user("f16-ben"), user("f16-cat")] },
  [group("f16-nested")]: { objectClass: ["groupOfNames"], member: [group("f16-trio"), user("f16-dan"), user("f16-ann")] },
  [group("f16-alumni")]: { objectClass: ["groupOfNames"], member: [user("f16-ann"), user("f16-ann", "alumni")] },
  [group("f16-board")]: { objectClass: ["organizationalRole"], roleOccupant: [user("f16-ann"), user("f16-dan")] },
  [group("f16-vacant")]: { objectClass: ["organizationalRole"] },
  [group("f16-self")]: { objectClass: ["groupOfNames"], member: [group("f16-self"), user("f16-ann")] },
};

test("a child's cn keeps upstream's shape and is the same for the same parent and member", (t) => {
  const cn = childSubtaskCn(PARENT_CN, user("f16-ann"));
  t.regex(cn, /^f16-archive-expired-SubTask-extract-f16-ann-1795780801_9003-[0-9a-f]{8}$/);
  t.is(childSubtaskCn(PARENT_CN, " UID=f16-ann , ou=people,dc=example,dc=org"), cn, "any spelling of the member DN");
  t.not(childSubtaskCn(PARENT_CN, user("f16-ann", "alumni")), cn, "same RDN value, other branch: another name");
  t.not(childSubtaskCn("other-SubTask-1", user("f16-ann")), cn, "another parent: another name");
  t.regex(childSubtaskCn("nodash", "cn=Doe\\, John+uid=x,dc=org"), /^nodash-extract-Doe_John-[0-9a-f]{8}$/);
});

test("the branch of a DN is found past escaped commas", (t) => {
  t.is(parentDnOf(`cn=${PARENT_CN},${TASKS}`), TASKS);
  t.is(parentDnOf("cn=a\\,b,ou=tasks,dc=org"), "ou=tasks,dc=org");
  t.is(parentDnOf("dc=org"), "");
});

test("a child subtask is a due sibling targeting the member, with the parent's master, type, schedule, creation date and helper", (t) => {
  const child = childSubtask(parent({ fdTasksGranularCreationdate: "20261102090000Z", fdTasksGranularHelper: ["30", "15"] }), user("f16-ann"));
  const cn = childSubtaskCn(PARENT_CN, user("f16-ann"));
  t.is(child.dn, `cn=${cn},${TASKS}`);
  t.is(child.memberDn, user("f16-ann"));
  t.deepEqual(child.attributes, {
    objectClass: ["top", "fdTasksGranular"],
    cn,
    fdTasksGranularMaster: MAIN,
    fdTasksGranularType: "archive",
    fdTasksGranularSchedule: "20261120080000Z",
    fdTasksGranularCreationdate: "20261102090000Z",
    fdTasksGranularHelper: ["30", "15"],
    fdTasksGranularStatus: "1",
    fdTasksGranularDN: user("f16-ann"),
  });
  t.false("fdTasksGranularCreationdate" in childSubtask(parent(), user("f16-ann")).attributes, "only what the parent has is copied");
});

test("a plain user is never expanded: it is archived (or not) itself, from one read", async (t) => {
  const { read, reads } = directory(DIRECTORY);
  const target = await planArchiveTarget(parent(), user("f16-ann"), read, 5);
  if (target.kind !== "user") return t.fail(target.kind);
  t.deepEqual(target.entry.values("supannRessourceEtatDate"), ["{COMPTE}I:SupannExpire::"]);
  t.is(reads.length, 1);
  t.true(reads[0]?.attributes.includes("supannRessourceEtatDate"));
});

test("a group of 3 gives 3 member subtasks; planning again gives the very same ones", async (t) => {
  const { read } = directory(DIRECTORY);
  const first = await planArchiveTarget(parent(), group("f16-trio"), read, 5);
  const second = await planArchiveTarget(parent(), group("f16-trio"), read, 5);
  if (first.kind !== "group") return t.fail(first.kind);
  t.deepEqual(
    first.children.map((child) => child.memberDn),
    [user("f16-ann"), user("f16-ben"), user("f16-cat")],
  );
  t.is(new Set(first.children.map((child) => child.dn)).size, 3);
  t.deepEqual(second, first);
});

test("roles, nested groups, duplicate members and members with the same RDN value", async (t) => {
  const { read } = directory(DIRECTORY);
  const members = async (dn: string) => {
    const target = await planArchiveTarget(parent(), dn, read, 5);
    return target.kind === "group" ? target.children.map((child) => child.memberDn) : target.kind;
  };
  t.deepEqual(await members(group("f16-board")), [user("f16-ann"), user("f16-dan")]);
  t.deepEqual(await members(group("f16-nested")), [user("f16-ann"), user("f16-ben"), user("f16-cat"), user("f16-dan")]);
  t.deepEqual(await members(group("f16-self")), [user("f16-ann")], "a group listing itself");
  t.deepEqual(await members(group("f16-vacant")), []);
  const alumni = await planArchiveTarget(parent(), group("f16-alumni"), read, 5);
  if (alumni.kind !== "group") return t.fail(alumni.kind);
  t.is(new Set(alumni.children.map((child) => child.dn)).size, 2);
});

test("a missing target, missing members and groups nested too deep are told apart", async (t) => {
  const { read } = directory({ ...DIRECTORY, [group("deep")]: { objectClass: ["groupOfNames"], member: [group("f16-nested"), user("ghost")] } });
  t.deepEqual(await planArchiveTarget(parent(), user("ghost"), read, 5), { kind: "missing", dn: user("ghost") });
  const deep = await planArchiveTarget(parent(), group("deep"), read, 1);
  if (deep.kind !== "group") return t.fail(deep.kind);
  t.deepEqual(deep.expansion.missing, [user("ghost")]);
  t.deepEqual(deep.expansion.tooDeep, [group("f16-trio")]);
  t.deepEqual(
    deep.children.map((child) => child.memberDn),
    [user("f16-dan"), user("f16-ann")],
  );
});
