import type { DirectoryEntry } from "@fdo/sdk";
import { fakeEntry, fakeSubtask } from "@fdo/testing";
import test from "ava";
import { evaluateSubtask } from "../../plugins/notifications/src/evaluate.js";
import { monitoringOf } from "../../plugins/notifications/src/matching.js";
import { NO_MATCH } from "../../plugins/notifications/src/reports.js";

const audit = (rdn: string) => `${rdn},ou=audit,dc=example,dc=org`;
const ERIN = "uid=erin,ou=people,dc=example,dc=org";
const event = (rdn: string, at: string, attributes: string | string[], action = "modify", object = ERIN) =>
  fakeEntry(audit(rdn), { objectClass: "fdAuditEvent", fdAuditDateTime: at, fdAuditAction: action, fdAuditObject: object, fdAuditAttributes: attributes });
const events = [
  event("fdAuditDateTime=20261126091500Z+fdAuditId=771299", "20261126091500Z", '{"telephoneNumber":"+33 1 40 00 00 15","sn":"Lef\\u00e8vre"}'),
  event("fdAuditDateTime=20261126091500Z", "20261126091500Z", '{"supannRessourceEtat":["{COMPTE}S:SupannVerrouille"]}'),
  event("fdAuditDateTime=20261124160000Z", "20261124160000Z", '{"description":"Moved"}'),
  event("fdAuditDateTime=20261120000000Z", "20261120000000Z", '{"telephoneNumber":"+33 1 40 00 00 14"}'),
  event("fdAuditDateTime=20261101000000Z", "20261101000000Z", '{"mail": oops'),
];
const read = async (dn: string): Promise<DirectoryEntry | null> => events.find((entry) => entry.dn.toLowerCase() === dn.toLowerCase()) ?? null;
const monitoring = monitoringOf(
  fakeEntry("cn=notify", {
    fdTasksNotificationsAttributes: ["mail", "telephoneNumber"],
    fdTasksNotificationsResource: "COMPTE",
    fdTasksNotificationsState: "S",
    fdTasksNotificationsSubState: "SupannVerrouille",
  }),
);
const subtask = (...refs: string[]) => fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "Notifications", { fdTasksGranularDN: ERIN, fdTasksGranularRef: refs });

test("erin: the locked state and the phone (from a +fdAuditId event) match, oldest event first", async (t) => {
  const result = await evaluateSubtask(
    subtask(audit("fdAuditDateTime=20261126091500Z+fdAuditId=771299"), audit("fdAuditDateTime=20261126091500Z"), audit("fdAuditDateTime=20261120000000Z")),
    monitoring,
    read,
  );
  t.deepEqual(result, {
    kind: "match",
    missing: [],
    changes: [
      { userDn: ERIN, changes: [{ attribute: "telephoneNumber", newValues: ["+33 1 40 00 00 14"], oldValues: undefined }] },
      { userDn: ERIN, changes: [{ attribute: "telephoneNumber", newValues: ["+33 1 40 00 00 15"], oldValues: undefined }] },
      { userDn: ERIN, changes: [{ attribute: "supannRessourceEtat", newValues: ["{COMPTE}S:SupannVerrouille"], oldValues: undefined }] },
    ],
  });
});

test("nothing monitored, no refs, or only vanished events: nothing to do, with the reason", async (t) => {
  t.deepEqual(await evaluateSubtask(subtask(audit("fdAuditDateTime=20261124160000Z")), monitoring, read), { kind: "nothing", reason: NO_MATCH, missing: [] });
  t.deepEqual(await evaluateSubtask(subtask(), monitoring, read), { kind: "nothing", reason: "No audit event referenced (fdTasksGranularRef is empty)", missing: [] });
  const gone = audit("fdAuditDateTime=20200101000000Z");
  t.deepEqual(await evaluateSubtask(subtask(gone), monitoring, read), { kind: "nothing", reason: NO_MATCH, missing: [gone] });
});

test("a garbage fdAuditAttributes fails the subtask, naming the event", async (t) => {
  const bad = audit("fdAuditDateTime=20261101000000Z");
  const result = await evaluateSubtask(subtask(audit("fdAuditDateTime=20261126091500Z"), bad), monitoring, read);
  t.is(result.kind, "failed");
  t.regex(result.kind === "failed" ? result.error : "", new RegExp(`^Audit event ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: fdAuditAttributes is not valid JSON`));
});

test("a userDN|auditDN pair reports the change under the pair's user", async (t) => {
  const alice = "uid=alice,ou=people,dc=example,dc=org";
  const result = await evaluateSubtask(subtask(`${alice}|${audit("fdAuditDateTime=20261120000000Z")}`), monitoring, read);
  t.deepEqual(result.kind === "match" ? result.changes.map((item) => item.userDn) : result, [alice]);
});
