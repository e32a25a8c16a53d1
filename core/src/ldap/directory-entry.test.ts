import test from "ava";
import { LdapDirectoryEntry } from "./directory-entry.js";

test("attribute names are matched case-insensitively and single values become lists", (t) => {
  const entry = LdapDirectoryEntry.fromLdapts({ dn: "cn=a,dc=example,dc=org", cn: "a", objectClass: ["top", "person"] });
  t.is(entry.dn, "cn=a,dc=example,dc=org");
  t.deepEqual(entry.values("CN"), ["a"]);
  t.deepEqual(entry.values("objectclass"), ["top", "person"]);
  t.is(entry.first("OBJECTCLASS"), "top");
  t.true(entry.has("Cn"));
});

test("attributeNames keep the server's spelling and leave out the dn", (t) => {
  const entry = LdapDirectoryEntry.fromLdapts({ dn: "cn=a", fdTasksGranularStatus: "1", cn: "a" });
  t.deepEqual(entry.attributeNames, ["fdTasksGranularStatus", "cn"]);
});

test("missing and empty attributes are absent", (t) => {
  // ldapts adds `[]` for requested attributes the entry does not have.
  const entry = LdapDirectoryEntry.fromLdapts({ dn: "cn=a", mail: [] });
  t.false(entry.has("mail"));
  t.deepEqual(entry.values("mail"), []);
  t.is(entry.first("mail"), undefined);
  t.deepEqual(entry.buffers("mail"), []);
  t.deepEqual(entry.attributeNames, []);
});

test("buffers() returns the exact bytes of a binary attribute, values() their UTF-8 decoding", (t) => {
  const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xff, 0x00]);
  const entry = LdapDirectoryEntry.fromLdapts({ dn: "cn=a", jpegPhoto: bytes });
  t.deepEqual(entry.buffers("jpegphoto"), [bytes]);
  t.is(entry.values("JPEGPHOTO").length, 1);
  t.is(entry.first("jpegPhoto"), bytes.toString("utf8"));
});

test("buffers() of a string attribute are its UTF-8 bytes", (t) => {
  const entry = LdapDirectoryEntry.fromLdapts({ dn: "cn=a", description: ["é", "b"] });
  t.deepEqual(
    entry.buffers("description").map((buffer) => buffer.toString("hex")),
    ["c3a9", "62"],
  );
});

test("two spellings of one attribute are merged", (t) => {
  const entry = new LdapDirectoryEntry("cn=a", { mail: "a@example.org", MAIL: ["b@example.org"] });
  t.deepEqual(entry.values("Mail"), ["a@example.org", "b@example.org"]);
  t.deepEqual(entry.attributeNames, ["mail"]);
});
