import test from "ava";
import { comparableDn } from "./comparable-dn.js";

test("spellings of one DN compare equal; different entries do not", (t) => {
  t.is(comparableDn(" UID=Alice , ou=People,dc=example, dc=org "), comparableDn("uid=alice,ou=people,dc=example,dc=org"));
  t.is(comparableDn("cn=a + sn=b,dc=x"), "cn=a+sn=b,dc=x");
  t.not(comparableDn("uid=alice,ou=people,dc=example,dc=org"), comparableDn("uid=alice2,ou=people,dc=example,dc=org"));
});
