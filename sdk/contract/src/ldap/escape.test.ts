import test from "ava";
import { childDn, escapeDnValue, escapeFilterValue, ldapFilter } from "./escape.js";

test("filter values escape the RFC 4515 specials", (t) => {
  t.is(escapeFilterValue("*)(uid=*"), "\\2a\\29\\28uid=\\2a");
  t.is(escapeFilterValue("a\\b\0c"), "a\\5cb\\00c");
  t.is(escapeFilterValue(Buffer.from([0x01, 0xff])), "\\01\\ff");
  t.is(escapeFilterValue(42), "42");
});

test("ldapFilter escapes every interpolated value and keeps the literal parts", (t) => {
  const type = "Mail Object)(objectClass=*";
  t.is(ldapFilter`(&(objectClass=fdTasksGranular)(fdTasksGranularType=${type}))`, "(&(objectClass=fdTasksGranular)(fdTasksGranularType=Mail Object\\29\\28objectClass=\\2a))");
  t.is(ldapFilter`(|(cn=${"a*"})(cn=${"b("}))`, "(|(cn=a\\2a)(cn=b\\28))");
  t.is(ldapFilter`(objectClass=fdTasks)`, "(objectClass=fdTasks)");
});

test("DN values escape the RFC 4514 specials, leading # or space and trailing space", (t) => {
  t.is(escapeDnValue("a,ou=admins"), "a\\,ou\\=admins");
  t.is(escapeDnValue('x+y"<z>;\\'), 'x\\+y\\"\\<z\\>\\;\\\\');
  t.is(escapeDnValue("#tag"), "\\#tag");
  t.is(escapeDnValue(" lead"), "\\ lead");
  t.is(escapeDnValue("trail "), "trail\\ ");
  t.is(escapeDnValue("new\nline"), "new\\0aline");
});

test("childDn cannot be used to escape into another branch", (t) => {
  t.is(childDn("cn", "evil,ou=admins", "ou=dsa,dc=example,dc=org"), "cn=evil\\,ou\\=admins,ou=dsa,dc=example,dc=org");
  t.throws(() => childDn("cn=x,cn", "v", "dc=example,dc=org"), { instanceOf: TypeError });
});
