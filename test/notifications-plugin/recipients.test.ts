import type { DirectoryEntry } from "@fdo/sdk";
import { fakeEntry } from "@fdo/testing";
import test from "ava";
import { emailAttributeOf, memberRecipients, staticRecipients } from "../../plugins/notifications/src/recipients.js";

const people = "ou=people,dc=example,dc=org";
const entries = [
  fakeEntry(`uid=hugo,${people}`, { objectClass: "inetOrgPerson", mail: "hr@example.org" }),
  fakeEntry(`uid=bob,${people}`, { objectClass: "inetOrgPerson", mail: "bob@example.org", supannMailPerso: "{PERSO}bob@example.net" }),
  fakeEntry(`uid=nomail,${people}`, { objectClass: "inetOrgPerson" }),
  fakeEntry("cn=hr,ou=groups,dc=example,dc=org", { objectClass: "groupOfNames", member: [`uid=hugo,${people}`, "cn=nested,ou=groups,dc=example,dc=org"] }),
  fakeEntry("cn=nested,ou=groups,dc=example,dc=org", { objectClass: "groupOfNames", member: [`uid=bob,${people}`, "cn=hr,ou=groups,dc=example,dc=org", `uid=nomail,${people}`] }),
];

function reader(): { read: (dn: string) => Promise<DirectoryEntry | null>; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (dn) => {
      reads.push(dn);
      return entries.find((entry) => entry.dn.toLowerCase() === dn.toLowerCase()) ?? null;
    },
  };
}

test("FD 1.5: the stored address list, labels removed, duplicates once, an unsafe value refused", (t) => {
  t.deepEqual(staticRecipients(["hr@example.org", "{PRO}boss@example.org", "HR@example.org"]), { ok: true, recipients: ["hr@example.org", "boss@example.org"], unresolved: [] });
  t.deepEqual(staticRecipients(["hr@example.org\r\nBcc: x@example.org"]), { ok: false, error: 'Invalid recipient address: "hr@example.org\\r\\nBcc: x@example.org"' });
  t.deepEqual(staticRecipients([]), { ok: false, error: "No recipient: fdTasksNotificationsListOfRecipientsMails is empty" });
});

test("FD 1.6: member DNs resolve to addresses, groups expanded once (cycles too), unresolved listed", async (t) => {
  const { read, reads } = reader();
  const result = await memberRecipients(["cn=hr,ou=groups,dc=example,dc=org", `uid=hugo,${people}`, "uid=ghost,dc=example,dc=org"], "mail", read);
  t.deepEqual(result, { ok: true, recipients: ["hr@example.org", "bob@example.org"], unresolved: [`uid=nomail,${people}`, "uid=ghost,dc=example,dc=org"] });
  t.is(reads.length, new Set(reads.map((dn) => dn.toLowerCase())).size);
});

test("FD 1.6: the main task's address attribute first, then mail; none at all is upstream's error", async (t) => {
  t.deepEqual(await memberRecipients([`uid=bob,${people}`], "supannMailPerso", reader().read), { ok: true, recipients: ["bob@example.net"], unresolved: [] });
  t.deepEqual(await memberRecipients([`uid=nomail,${people}`], "mail", reader().read), { ok: false, error: `Could not resolve emails for recipients: uid=nomail,${people}` });
  t.is(emailAttributeOf(fakeEntry("cn=m", { fdTasksEmailAttribute: "supannMailPerso" })), "supannMailPerso");
  t.is(emailAttributeOf(fakeEntry("cn=m", { fdTasksEmailAttribute: "bad name" })), "mail");
  t.is(emailAttributeOf(fakeEntry("cn=m", {})), "mail");
});
