import test from "ava";
import { isCompareAndSwap, toLdapAttributes, toLdapChanges } from "./to-ldapts.js";

test("changes keep their order, operation, attribute and values", (t) => {
  const changes = toLdapChanges([
    { operation: "delete", attribute: "fdTasksGranularStatus", values: ["1"] },
    { operation: "add", attribute: "fdTasksGranularStatus", values: ["x"] },
    { operation: "replace", attribute: "description", values: [] },
  ]);
  t.deepEqual(
    changes.map((change) => [change.operation, change.modification.type, change.modification.values]),
    [
      ["delete", "fdTasksGranularStatus", ["1"]],
      ["add", "fdTasksGranularStatus", ["x"]],
      ["replace", "description", []],
    ],
  );
});

test("a list mixing strings and buffers is sent as buffers", (t) => {
  const [change] = toLdapChanges([{ operation: "add", attribute: "jpegPhoto", values: ["a", Buffer.from([0xff])] }]);
  t.deepEqual(change?.modification.values, [Buffer.from("a"), Buffer.from([0xff])]);
});

test("single attribute values become one-element lists", (t) => {
  const attributes = toLdapAttributes({ cn: "x", objectClass: ["top", "organizationalRole"], jpegPhoto: Buffer.from([1, 2]) });
  t.deepEqual(
    attributes.map((attribute) => [attribute.type, attribute.values]),
    [
      ["cn", ["x"]],
      ["objectClass", ["top", "organizationalRole"]],
      ["jpegPhoto", [Buffer.from([1, 2])]],
    ],
  );
});

test("a modify that deletes something is a compare-and-swap", (t) => {
  t.true(
    isCompareAndSwap([
      { operation: "delete", attribute: "a", values: ["1"] },
      { operation: "add", attribute: "a", values: ["2"] },
    ]),
  );
  t.false(isCompareAndSwap([{ operation: "replace", attribute: "a", values: ["2"] }]));
});
