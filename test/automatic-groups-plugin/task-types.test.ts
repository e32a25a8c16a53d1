import { HttpBadRequestError, isOrchestratorError } from "@fdo/sdk";
import test from "ava";
import { ALL_TYPES, DYNAMIC_GROUP_TYPES, MEMBERSHIP_TYPES, requestMode, typesOf } from "../../plugins/automatic-groups/src/task-types.js";

test("both spellings of both subtask types are served, each mode its own", (t) => {
  t.deepEqual(MEMBERSHIP_TYPES, ["automaticGroups", "Automatic Groups"]);
  t.deepEqual(DYNAMIC_GROUP_TYPES, ["automaticGroupsDynamic", "Dynamic-Group"]);
  t.deepEqual(ALL_TYPES, [...MEMBERSHIP_TYPES, ...DYNAMIC_GROUP_TYPES]);
  t.is(typesOf("membership"), MEMBERSHIP_TYPES);
  t.is(typesOf("dynamic-group"), DYNAMIC_GROUP_TYPES);
});

test("the body picks the mode; no type is membership sync; anything else is a 400", (t) => {
  for (const body of [undefined, null, {}, [], { type: null }, { type: "" }, { type: "membership" }]) t.is(requestMode(body), "membership");
  t.is(requestMode({ type: "dynamic-group" }), "dynamic-group");
  for (const body of [{ type: "dynamic" }, { type: "Dynamic-Group" }, "dynamic-group", [1]]) {
    const error = t.throws(() => requestMode(body));
    t.true(isOrchestratorError(error) && error.code === HttpBadRequestError.code && error.status === 400, JSON.stringify(body));
  }
});
