import { fakeSubtask } from "@fdo/testing";
import test from "ava";
import { parseAuditRef, subtaskAuditRefs } from "../../plugins/notifications/src/audit-refs.js";

const AUDIT = "fdAuditDateTime=20261126091500Z,ou=audit,dc=example,dc=org";
const AUDIT_ID = "fdAuditDateTime=20261126091500Z+fdAuditId=771299,ou=audit,dc=example,dc=org";
const ERIN = "uid=erin,ou=people,dc=example,dc=org";

test("a plain audit DN (FD 1.5), multi-valued RDN included", (t) => {
  t.deepEqual(parseAuditRef(` ${AUDIT_ID} `), { auditDn: AUDIT_ID, userDn: undefined });
  t.is(parseAuditRef("  "), undefined);
});

test("a userDN|auditDN pair (FD 1.6), even when the user DN holds a |", (t) => {
  t.deepEqual(parseAuditRef(`${ERIN}|${AUDIT}`), { userDn: ERIN, auditDn: AUDIT });
  t.deepEqual(parseAuditRef(`cn=a|b,ou=people,dc=example,dc=org|${AUDIT}`), { userDn: "cn=a|b,ou=people,dc=example,dc=org", auditDn: AUDIT });
  // Not a pair: the right side is no DN.
  t.deepEqual(parseAuditRef("cn=a|b,ou=audit,dc=example,dc=org"), { auditDn: "cn=a|b,ou=audit,dc=example,dc=org", userDn: undefined });
});

test("a subtask's refs: plain DNs belong to fdTasksGranularDN, pairs to their user, duplicates once", (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "Notifications", {
    fdTasksGranularDN: ERIN,
    fdTasksGranularRef: [AUDIT, AUDIT_ID, `uid=alice,ou=people,dc=example,dc=org|${AUDIT}`, AUDIT, ""],
  });
  t.deepEqual(subtaskAuditRefs(subtask), [
    { auditDn: AUDIT, userDn: ERIN },
    { auditDn: AUDIT_ID, userDn: ERIN },
    { auditDn: AUDIT, userDn: "uid=alice,ou=people,dc=example,dc=org" },
  ]);
});
