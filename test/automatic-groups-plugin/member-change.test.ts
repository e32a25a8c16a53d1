import { LdapConflictError, LdapOperationError } from "@fdo/sdk";
import test from "ava";
import { type MembershipChange, membershipChange, messages, settledByRace } from "../../plugins/automatic-groups/src/member-change.js";
import { type Attributes, fakeEntry } from "../support/fakes.js";

const GROUP = "cn=f16-target,ou=groups,dc=example,dc=org";
const user = (uid: string) => `uid=${uid},ou=people,dc=example,dc=org`;
const group = (attributes: Attributes) => fakeEntry(GROUP, attributes);
const TARGET = group({ objectClass: ["groupOfNames"], member: [user("f16-cat"), "UID=f16-ben, ou=people,dc=example,dc=org", user("hugo")] });

function decide(entry: ReturnType<typeof group>, uid: string, belongs: boolean): MembershipChange {
  const result = membershipChange(entry, user(uid), belongs);
  if (!result.ok) throw new Error(result.error);
  return result.change;
}

test("one member value is added or deleted, never the whole list replaced; upstream's messages", (t) => {
  t.deepEqual(decide(TARGET, "f16-ann", true), {
    action: "add",
    change: { operation: "add", attribute: "member", values: [user("f16-ann")] },
    message: `User ${user("f16-ann")} successfully added to group ${GROUP}`,
  });
  t.deepEqual(decide(TARGET, "f16-cat", true), { action: "none", message: `User ${user("f16-cat")} already present in group ${GROUP} - no need to add` });
  t.deepEqual(decide(TARGET, "f16-ben", false), {
    action: "remove",
    change: { operation: "delete", attribute: "member", values: ["UID=f16-ben, ou=people,dc=example,dc=org"] },
    message: `User ${user("f16-ben")} removed from group ${GROUP}`,
  });
  t.deepEqual(decide(TARGET, "f16-eve", false), { action: "none", message: `User ${user("f16-eve")} not present in group ${GROUP} - no need to remove` });
});

test("the last member of a groupOfNames is kept (it cannot be empty); a role may be left empty", (t) => {
  const solo = group({ objectClass: ["groupOfNames"], member: [user("f16-ann")] });
  t.deepEqual(decide(solo, "f16-ann", false), { action: "none", message: `User ${user("f16-ann")} is the last member of group ${GROUP} - kept, a groupOfNames cannot be empty` });
  const role = group({ objectClass: ["organizationalRole"], roleOccupant: [user("f16-ann")] });
  t.deepEqual(decide(role, "f16-ann", false), {
    action: "remove",
    change: { operation: "delete", attribute: "roleOccupant", values: [user("f16-ann")] },
    message: `User ${user("f16-ann")} removed from group ${GROUP}`,
  });
  t.is(decide(group({ objectClass: ["organizationalRole"] }), "f16-ann", true).action, "add");
});

test("a dynamic group or anything but a group is refused", (t) => {
  t.deepEqual(membershipChange(group({ objectClass: ["groupOfURLs", "extensibleObject"], member: [user("f16-dan")] }), user("f16-dan"), false), {
    ok: false,
    error: `Target group ${GROUP}: it is a dynamic group (groupOfURLs): its members come from its memberURL`,
  });
  t.deepEqual(membershipChange(group({ objectClass: ["posixGroup"], memberUid: "f16-ann" }), user("f16-ann"), true), {
    ok: false,
    error: `Target group ${GROUP}: it is not a groupOfNames or an organizationalRole`,
  });
});

test("a change refused because another writer got there first describes the group as it now is", (t) => {
  const add = decide(TARGET, "f16-ann", true);
  const remove = decide(TARGET, "f16-ben", false);
  const ann = user("f16-ann");
  const ben = user("f16-ben");
  t.is(settledByRace(add, ann, GROUP, { code: LdapOperationError.code, resultCode: 20 }), messages.alreadyPresent(ann, GROUP));
  t.is(settledByRace(remove, ben, GROUP, { code: LdapConflictError.code, resultCode: 16 }), messages.notPresent(ben, GROUP));
  t.is(settledByRace(remove, ben, GROUP, { code: LdapOperationError.code, resultCode: 65 }), messages.keptLast(ben, GROUP));
  t.is(settledByRace(add, ann, GROUP, { code: LdapOperationError.code, resultCode: 50 }), undefined, "insufficient access is a real failure");
  t.is(settledByRace(add, ann, GROUP, { code: LdapOperationError.code, resultCode: 65 }), undefined);
});
