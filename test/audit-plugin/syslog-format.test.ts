import test from "ava";
import { parseAuditTime } from "../../plugins/audit/src/audit-time.js";
import { auditEventOf, bsdTimestamp, escapeParamValue, escapeQuoted, eventId, formatEvent, formatRfc5424, formatUpstream, headerField, oneLine } from "../../plugins/audit/src/syslog-format.js";
import { auditEntry } from "../support/audit-fakes.js";

function event(at: string, extra: Parameters<typeof auditEntry>[1] = {}) {
  const time = parseAuditTime(at);
  if (time === undefined) throw new Error(`bad time ${at}`);
  return auditEventOf(auditEntry(at, extra), time);
}

test("RFC 5424 PARAM-VALUE escaping: quote, backslash and bracket; CR/LF and other controls become spaces", (t) => {
  t.is(escapeParamValue('a "b" \\c ]d'), 'a \\"b\\" \\\\c \\]d');
  t.is(escapeParamValue("line1\r\nline2\ttab\u0000nul\u2028"), "line1  line2 tab nul ");
  t.is(oneLine("x\ny"), "x y");
  t.is(escapeQuoted('a "b" \\c ]d\n'), 'a \\"b\\" \\\\c ]d ');
});

test("header fields are printable ASCII without spaces, bounded, '-' when empty", (t) => {
  t.is(headerField("ldap host.example.org", 255), "ldaphost.example.org");
  t.is(headerField(undefined, 32), "-");
  t.is(headerField("é", 32), "-");
  t.is(headerField("x".repeat(40), 32), "x".repeat(32));
});

test("an RFC 5424 line carries every field as structured data, every change as its own parameter", (t) => {
  const line = formatRfc5424(event("20261125143000.25Z", { fdAuditId: "7", fdAuditResult: "Success", fdAuditAuthorIP: "192.0.2.10", fdAuditAttributes: ["uid", "cn"] }), "orchestrator.example.org");
  t.is(
    line,
    "<166>1 2026-11-25T14:30:00.25Z orchestrator.example.org FusionDirectory-Audit - modify " +
      '[fdAudit@38414 id="7" dn="fdAuditDateTime=20261125143000.25Z,ou=audit,dc=example,dc=org" dateTime="20261125143000.25Z" ' +
      'author="uid=admin,ou=people,dc=example,dc=org" authorIp="192.0.2.10" action="modify" objectType="plugin/user" ' +
      'object="uid=alice,ou=people,dc=example,dc=org" result="Success" changes="uid" changes="cn"] modify plugin/user',
  );
});

test("hostile values cannot end the structured data or the line", (t) => {
  const line = formatRfc5424(event("2024030112Z", { fdAuditResult: 'x"] [evil@1 a="b"]\nnext', fdAuditObject: "cn=a\\,b" }), "h");
  t.false(line.includes("\n"));
  t.true(line.includes('result="x\\"\\] [evil@1 a=\\"b\\"\\] next"'));
  t.true(line.includes('object="cn=a\\\\,b"'));
  // Only the one closing bracket of the SD-ELEMENT is unescaped.
  t.is(line.match(/(?<!\\)\]/g)?.length, 1);
});

test("upstream's line: real priority, RFC 3164 time in FD's zone, author IP as host, all changes, escaped", (t) => {
  const summer = event("20260705081500Z", { fdAuditAuthorIP: "192.0.2.10", fdAuditResult: 'say "hi"', fdAuditAttributes: ["uid", "cn"] });
  t.is(
    formatUpstream(summer, "orchestrator", "Europe/Paris"),
    '<166>Jul  5 10:15:00 192.0.2.10 FusionDirectory-Audit: id="20260705081500Z" author="uid=admin,ou=people,dc=example,dc=org" ' +
      'action="modify" objectType="plugin/user" object="uid=alice,ou=people,dc=example,dc=org" result="say \\"hi\\"" changes="uid, cn"',
  );
  const winter = event("20261125143000.25Z", { fdAuditId: "4242" });
  t.is(
    formatEvent("upstream", winter, "orchestrator", "Europe/Paris"),
    '<166>Nov 25 15:30:00 orchestrator FusionDirectory-Audit: id="4242" author="uid=admin,ou=people,dc=example,dc=org" ' +
      'action="modify" objectType="plugin/user" object="uid=alice,ou=people,dc=example,dc=org"',
  );
});

test('the event id is fdAuditId, else the event\'s own time (upstream wrote "unknown" for all of them)', (t) => {
  t.is(eventId(event("2024030112Z", { fdAuditId: "4242" })), "4242");
  t.is(eventId(event("2024030112Z")), "2024030112Z");
});

test("BSD timestamps pad the day with a space and follow the zone's DST", (t) => {
  t.is(bsdTimestamp(new Date("2026-03-01T23:30:00Z"), "Europe/Paris"), "Mar  2 00:30:00");
  t.is(bsdTimestamp(new Date("2026-07-01T23:30:00Z"), "Europe/Paris"), "Jul  2 01:30:00");
  t.is(bsdTimestamp(new Date("2026-12-31T23:59:59Z"), "UTC"), "Dec 31 23:59:59");
});
