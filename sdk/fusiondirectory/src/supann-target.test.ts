import test from "ava";
import { type Attributes, fakeEntry } from "../../../test/support/fakes.js";
import { readSupannTarget } from "./supann-target.js";

const ARCHIVE = { resource: ["fdArchiveTaskResource"], state: ["fdArchiveTaskState"], subState: ["fdArchiveTaskSubState"] };
const read = (attributes: Attributes) => readSupannTarget(fakeEntry("cn=t,ou=tasks,dc=example,dc=org", attributes), ARCHIVE);

test("resource, state and optional sub-state are read; no sub-state is an empty one", (t) => {
  t.deepEqual(read({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "I", fdArchiveTaskSubState: "SupannExpire" }), {
    ok: true,
    target: { resource: "COMPTE", state: "I", subState: "SupannExpire" },
  });
  t.deepEqual(read({ fdArchiveTaskResource: " APP-wiki.prod_2 ", fdArchiveTaskState: "A" }), { ok: true, target: { resource: "APP-wiki.prod_2", state: "A", subState: "" } });
});

test("a later spelling is read when the preferred one is absent", (t) => {
  const entry = fakeEntry("cn=t", { fdTasksAutomaticGroupsResource: "MAIL", fdTasksAutomaticGroupsPreState: "S" });
  const result = readSupannTarget(entry, {
    resource: ["fdTasksAutomaticGroupsPreResource", "fdTasksAutomaticGroupsResource"],
    state: ["fdTasksAutomaticGroupsPreState", "fdTasksAutomaticGroupsState"],
    subState: ["fdTasksAutomaticGroupsPreSubState", "fdTasksAutomaticGroupsSubState"],
  });
  t.deepEqual(result, { ok: true, target: { resource: "MAIL", state: "S", subState: "" } });
});

test("missing or malformed parts are refused naming the attribute", (t) => {
  const error = (attributes: Attributes) => {
    const result = read(attributes);
    return result.ok ? "accepted" : result.error;
  };
  t.is(error({ fdArchiveTaskState: "I" }), "fdArchiveTaskResource is missing");
  t.is(error({ fdArchiveTaskResource: "{COMPTE}", fdArchiveTaskState: "I" }), 'fdArchiveTaskResource "{COMPTE}" is not a resource name (letters, digits, - . _ :)');
  t.is(error({ fdArchiveTaskResource: "COMPTE" }), "fdArchiveTaskState is missing");
  t.is(error({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "II" }), 'fdArchiveTaskState "II" is not a state letter (A, I, S...)');
  t.is(error({ fdArchiveTaskResource: "COMPTE", fdArchiveTaskState: "I", fdArchiveTaskSubState: "a:b" }), 'fdArchiveTaskSubState "a:b" has forbidden characters');
});
