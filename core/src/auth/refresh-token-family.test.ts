import test from "ava";
import { classifyPresentation, parseFamily } from "./refresh-token-family.js";

const family = parseFamily("cn=f,ou=dsa,dc=example,dc=org", ["active:aaa", "previous:bbb:1000", "spent:ccc", "0123abcd"], "5000");

test("tagged values are read back; unknown ones are only kept raw", (t) => {
  t.deepEqual(family.active, ["aaa"]);
  t.deepEqual(family.previous, { hash: "bbb", rotatedAt: 1000 });
  t.deepEqual(family.spent, ["ccc"]);
  t.is(family.expiresAt, 5000);
  t.is(family.values.length, 4);
});

test("the current token rotates; the previous one is a retry only inside the overlap window; anything else is reuse", (t) => {
  t.is(classifyPresentation(family, "aaa", 2000, 10), "current");
  t.is(classifyPresentation(family, "bbb", 1010, 10), "retry");
  t.is(classifyPresentation(family, "bbb", 1011, 10), "reuse");
  t.is(classifyPresentation(family, "ccc", 1001, 10), "reuse");
  t.is(classifyPresentation(family, "ddd", 1001, 10), "reuse");
});
