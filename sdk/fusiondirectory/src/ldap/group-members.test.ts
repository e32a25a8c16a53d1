import type { DirectoryEntry } from "@fdo/sdk";
import test from "ava";
import { type Attributes, fakeEntry } from "../../../../test/support/fakes.js";
import { expandMembers, groupMembersOf, hasObjectClass } from "./group-members.js";

const user = (uid: string) => `uid=${uid},ou=people,dc=example,dc=org`;
const group = (cn: string) => `cn=${cn},ou=groups,dc=example,dc=org`;

function directory(entries: Record<string, Attributes>) {
  const reads: string[] = [];
  const read = async (dn: string): Promise<DirectoryEntry | null> => {
    reads.push(dn);
    const found = Object.entries(entries).find(([candidate]) => candidate.toLowerCase() === dn.toLowerCase());
    return found === undefined ? null : fakeEntry(found[0], found[1]);
  };
  return { read, reads };
}

const person = { objectClass: ["top", "inetOrgPerson"] };

test("groupOfNames and groupOfURLs list member, organizationalRole lists roleOccupant; a user is no group", (t) => {
  t.deepEqual(groupMembersOf(fakeEntry(group("g"), { objectClass: ["groupOfNames"], member: [user("a"), " ", user("b")] })), [user("a"), user("b")]);
  t.deepEqual(groupMembersOf(fakeEntry(group("d"), { objectClass: ["GroupOfURLs"], member: [user("c")] })), [user("c")]);
  t.deepEqual(groupMembersOf(fakeEntry("cn=boss,dc=example,dc=org", { objectClass: ["organizationalRole"], roleOccupant: [user("d")] })), [user("d")]);
  t.deepEqual(groupMembersOf(fakeEntry("cn=empty,dc=example,dc=org", { objectClass: ["organizationalRole"] })), []);
  t.is(groupMembersOf(fakeEntry(user("a"), { ...person, member: [user("b")] })), undefined, "a user with a stray member value is still a user");
  t.true(hasObjectClass(fakeEntry(user("a"), person), "INETORGPERSON"));
  t.false(hasObjectClass(fakeEntry(user("a"), person), "groupOfNames"));
});

test("every member of a group of 3 is kept, in order, each read once", async (t) => {
  const { read, reads } = directory({ [group("trio")]: { objectClass: "groupOfNames", member: [user("a"), user("b"), user("c")] }, [user("a")]: person, [user("b")]: person, [user("c")]: person });
  const found = await expandMembers([group("trio")], read);
  t.deepEqual(found, { members: [user("a"), user("b"), user("c")], groups: [group("trio")], missing: [], tooDeep: [] });
  t.is(reads.length, 4);
});

test("nested groups are followed, duplicates and cycles count once, missing DNs are listed apart", async (t) => {
  const { read, reads } = directory({
    [group("outer")]: { objectClass: "groupOfNames", member: [user("a"), group("inner"), "UID=A, ou=people,dc=example,dc=org"] },
    [group("inner")]: { objectClass: "groupOfNames", member: [user("b"), group("outer"), user("ghost")] },
    [user("a")]: person,
    [user("b")]: person,
  });
  const found = await expandMembers([group("outer"), user("b")], read);
  t.deepEqual(found.members, [user("a"), user("b")]);
  t.deepEqual(found.groups, [group("outer"), group("inner")]);
  t.deepEqual(found.missing, [user("ghost")]);
  t.is(reads.length, 5, "outer, a, inner, b, ghost: nothing twice");
});

test("groups deeper than maxDepth are reported, not expanded; excluded DNs are skipped", async (t) => {
  const { read } = directory({
    [group("l0")]: { objectClass: "groupOfNames", member: [group("l1"), user("a")] },
    [group("l1")]: { objectClass: "groupOfNames", member: [group("l2")] },
    [group("l2")]: { objectClass: "groupOfNames", member: [user("deep")] },
    [user("a")]: person,
    [user("deep")]: person,
  });
  const found = await expandMembers([group("l0")], read, { maxDepth: 2, exclude: [user("a")] });
  t.deepEqual(found, { members: [], groups: [group("l0"), group("l1")], missing: [], tooDeep: [group("l2")] });
});

test("a plain user DN expands to itself, never to a duplicate", async (t) => {
  const { read } = directory({ [user("a")]: person });
  t.deepEqual((await expandMembers([user("a"), ` ${user("a")} `], read)).members, [user("a")]);
});
