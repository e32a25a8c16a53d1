import test from "ava";
import { readArchiveRule } from "../../plugins/archive/src/rule.js";
import { type Attributes, fakeEntry } from "../support/fakes.js";

const DN = "cn=archive-expired,ou=tasks,dc=example,dc=org";
const read = (attributes: Attributes) => readArchiveRule(fakeEntry(DN, { objectClass: ["top", "fdTasks", "fdArchiveTasks"], ...attributes }));

test("resource, state and sub-state make the rule; the sub-state is optional", (t) => {
  t.deepEqual(read({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "I", fdArchiveTaskSubState: "SupannExpire" }), {
    ok: true,
    rule: { resource: "COMPTE", state: "I", subState: "SupannExpire" },
  });
  t.deepEqual(read({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "I" }), { ok: true, rule: { resource: "COMPTE", state: "I", subState: "" } });
});

test("a broken task fails naming the task and the attribute", (t) => {
  t.deepEqual(read({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "II" }), { ok: false, error: `Archive task ${DN}: fdArchiveTaskState "II" is not a state letter (A, I, S...)` });
  t.deepEqual(read({ fdArchiveTaskState: "I" }), { ok: false, error: `Archive task ${DN}: fdArchiveTaskResource is missing` });
  const other = readArchiveRule(fakeEntry(DN, { objectClass: ["fdTasks", "fdTasksLifeCycle"], fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "I" }));
  t.deepEqual(other, { ok: false, error: `Archive task ${DN}: it is not an archive task (no objectClass fdArchiveTasks)` });
});
