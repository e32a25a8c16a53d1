import type { DirectoryEntry } from "@fdo/sdk";
import test from "ava";
import { allColumns, attributesToRead, selectedColumns, selectionWarnings } from "../../plugins/extractor/src/columns.js";
import { CSV_NEWLINE, csvField, csvLines, csvRecord, entryRecord } from "../../plugins/extractor/src/csv.js";
import { fakeEntry } from "../support/fakes.js";

const fay = fakeEntry("uid=f16-fay,ou=people,dc=example,dc=org", {
  objectClass: ["inetOrgPerson", "supannPerson"],
  uid: "f16-fay",
  cn: "Faÿ Ünïcode-Ørsted",
  description: 'Line one,\nline "two"',
  mail: "fay@example.org",
  userPassword: "{SSHA}secret",
  jpegPhoto: Buffer.from([0xff, 0xd8]),
});
const cat = fakeEntry("uid=f16-cat,ou=people,dc=example,dc=org", { objectClass: "inetOrgPerson", uid: "f16-cat", mail: ["cat@example.org", "cat.expired@example.org"], sn: "Expired" });

test("RFC 4180: quotes only when needed, quotes doubled, CRLF after every record", (t) => {
  t.is(csvField("plain value"), "plain value");
  t.is(csvField("a,b"), '"a,b"');
  t.is(csvField('say "hi"'), '"say ""hi"""');
  t.is(csvField("two\nlines"), '"two\nlines"');
  t.is(csvField("cr\r"), '"cr\r"');
  t.is(csvField(""), "");
  t.is(csvRecord(["a", "b,c", ""]), 'a,"b,c",\r\n');
  t.is(CSV_NEWLINE, "\r\n");
});

test("a record holds the DN, every value of a multi-valued attribute joined with ';', and empty fields for absent ones", (t) => {
  t.is(entryRecord(cat, ["dn", "uid", "mail", "telephoneNumber"]), '"uid=f16-cat,ou=people,dc=example,dc=org",f16-cat,cat@example.org;cat.expired@example.org,\r\n');
  t.is(entryRecord(fay, ["dn", "cn", "description"]), '"uid=f16-fay,ou=people,dc=example,dc=org",Faÿ Ünïcode-Ørsted,"Line one,\nline ""two"""\r\n');
});

test("explicit columns: dn first, then the task's order; ALL: every attribute held, sorted, secrets and binaries left out", (t) => {
  t.deepEqual(selectedColumns(["uid", "dn", "mail"]), ["dn", "uid", "mail"]);
  t.deepEqual(allColumns([fay, cat]), ["dn", "cn", "description", "mail", "objectClass", "sn", "uid"]);
  t.deepEqual(attributesToRead({ all: true }), undefined);
  t.deepEqual(attributesToRead({ all: false, attributes: ["uid"] }), ["uid"]);
  t.deepEqual(selectionWarnings({ all: false, attributes: ["uid", "userPassword"] }), ["userPassword is exported because the task names it (ALL leaves it out)"]);
  t.deepEqual(selectionWarnings({ all: true }), []);
});

test("lines stream: the header, then one line per entry as it arrives, UTF-8 kept", async (t) => {
  async function* arriving(): AsyncGenerator<DirectoryEntry> {
    yield cat;
    yield fay;
  }
  const lines: string[] = [];
  for await (const line of csvLines(["dn", "uid", "cn"], arriving())) lines.push(line);
  t.deepEqual(lines, ["dn,uid,cn\r\n", '"uid=f16-cat,ou=people,dc=example,dc=org",f16-cat,\r\n', '"uid=f16-fay,ou=people,dc=example,dc=org",f16-fay,Faÿ Ünïcode-Ørsted\r\n']);
  t.is(Buffer.from(lines.join(""), "utf8").toString("utf8"), lines.join(""));
});
