import { type Directory, type DirectoryChange, LdapNoSuchObjectError, LdapOperationError } from "@fdo/sdk";
import test from "ava";
import { LdapDirectoryEntry } from "../../ldap/directory-entry.js";
import { executionRecordChanges, tagUser } from "./user-tagger.js";

const USER = "uid=alice,ou=people,dc=example,dc=org";
const TASK = "cn=task,ou=tasks,dc=example,dc=org";

/** A directory whose modifies answer, in turn, with the given LDAP result codes (0: success), recording each change list. */
function scripted(codes: readonly number[]): { directory: Directory; modifies: string[][] } {
  const modifies: string[][] = [];
  const queue = [...codes];
  const modify = async (_dn: string, changes: readonly DirectoryChange[]): Promise<void> => {
    modifies.push(changes.map((change) => `${change.operation} ${change.attribute}: ${change.values.join()}`));
    const code = queue.shift() ?? 0;
    if (code === 32) throw new LdapNoSuchObjectError("no such entry", { details: { resultCode: code } });
    if (code !== 0) throw new LdapOperationError(`result ${code}`, { details: { resultCode: code } });
  };
  return { directory: { modify } as unknown as Directory, modifies };
}

const VALUE = `add fdTasksExecutedDNs: ${TASK}`;
const CLASS = "add objectClass: fdTasksInfos";

test("a user with the class costs one add of the value; a value already there is fine", async (t) => {
  for (const code of [0, 20]) {
    const { directory, modifies } = scripted([code]);
    await tagUser(directory, USER, TASK);
    t.deepEqual(modifies, [[VALUE]]);
  }
});

test("a user without the class gets it with the value in one modify", async (t) => {
  const { directory, modifies } = scripted([65, 0]);
  await tagUser(directory, USER, TASK);
  t.deepEqual(modifies, [[VALUE], [CLASS, VALUE]]);
});

test("when the class appeared meanwhile, the value is added alone", async (t) => {
  const { directory, modifies } = scripted([65, 20, 0]);
  await tagUser(directory, USER, TASK);
  t.deepEqual(modifies, [[VALUE], [CLASS, VALUE], [VALUE]]);
});

test("any other refusal is thrown to the caller, who logs it", async (t) => {
  const { directory } = scripted([32]);
  await t.throwsAsync(tagUser(directory, USER, TASK), { message: "no such entry" });
});

test("when users are likely to lack the class, the class goes with the value at the first try", async (t) => {
  const { directory, modifies } = scripted([0]);
  t.true(await tagUser(directory, USER, TASK, true));
  t.deepEqual(modifies, [[CLASS, VALUE]]);
});

test("a wrong guess that the class is missing costs one more modify: the value alone", async (t) => {
  const { directory, modifies } = scripted([20, 0]);
  t.false(await tagUser(directory, USER, TASK, true));
  t.deepEqual(modifies, [[CLASS, VALUE], [VALUE]]);
});

test("the record carried in another modify: value and class when missing, the value alone, or nothing when it is there", (t) => {
  const entry = (attributes: Record<string, string[]>) => new LdapDirectoryEntry(USER, attributes);
  const classAdd = { operation: "add", attribute: "objectClass", values: ["fdTasksInfos"] };
  const valueAdd = { operation: "add", attribute: "fdTasksExecutedDNs", values: [TASK] };
  t.deepEqual(executionRecordChanges(entry({ objectClass: ["top", "inetOrgPerson"] }), TASK), [classAdd, valueAdd]);
  t.deepEqual(executionRecordChanges(entry({ objectClass: ["inetOrgPerson", "FDTASKSINFOS"], fdTasksExecutedDNs: ["cn=other"] }), TASK), [valueAdd]);
  t.deepEqual(executionRecordChanges(entry({ objectClass: ["fdTasksInfos"], fdTasksExecutedDNs: [TASK.toUpperCase()] }), TASK), []);
});
