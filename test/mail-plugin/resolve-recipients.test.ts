import type { DirectoryEntry } from "@fdo/sdk";
import { fakeEntry, fakeSubtask } from "@fdo/testing";
import test from "ava";
import { addressFromUser, type RecipientLookup, resolveRecipients } from "../../plugins/mail/src/resolve-recipients.js";

const bob = fakeEntry("uid=bob,ou=people,dc=example,dc=org", {
  objectClass: ["inetOrgPerson", "supannPerson"],
  mail: "bob.durand@example.org",
  supannMailPerso: "{PERSO}bob.durand@example.net",
});
const nomail = fakeEntry("uid=nomail,ou=people,dc=example,dc=org", { objectClass: ["inetOrgPerson"], cn: "No mail" });

function lookup(attribute: string, users: readonly DirectoryEntry[] = [bob, nomail]): RecipientLookup & { reads: string[][] } {
  const reads: string[][] = [];
  return {
    reads,
    emailAttribute: async () => attribute,
    readUser: async (dn, attributes) => {
      reads.push([dn, ...attributes]);
      return users.find((user) => user.dn.toLowerCase() === dn.toLowerCase()) ?? null;
    },
  };
}

test("FD 1.5: every fdTasksGranularMail value is a recipient, duplicates once", async (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "Mail Object", { fdTasksGranularMail: ["a@example.org", "b@example.org", "A@example.org"] });
  t.deepEqual(await resolveRecipients(subtask, lookup("mail")), { ok: true, recipients: ["a@example.org", "b@example.org"] });
});

test("FD 1.5: an invalid address fails the subtask with the value quoted", async (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "Mail Object", { fdTasksGranularMail: ["a@example.org", "b@example.org\r\nBcc: x@y"] });
  t.deepEqual(await resolveRecipients(subtask, lookup("mail")), { ok: false, error: 'Invalid recipient address: "b@example.org\\r\\nBcc: x@y"' });
  t.deepEqual(await resolveRecipients(fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "Mail Object", {}), lookup("mail")), {
    ok: false,
    error: "No recipient: fdTasksGranularMail is empty",
  });
});

test("FD 1.6: the DN is resolved through the main task's e-mail attribute, labels removed", async (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "mail", { fdTasksGranularMail: ["uid=bob,ou=people,dc=example,dc=org", "ignored@example.org"] });
  const withSupann = lookup("supannMailPerso");
  t.deepEqual(await resolveRecipients(subtask, withSupann), { ok: true, recipients: ["bob.durand@example.net"], userDn: "uid=bob,ou=people,dc=example,dc=org" });
  t.deepEqual(withSupann.reads, [["uid=bob,ou=people,dc=example,dc=org", "supannMailPerso", "mail"]]);
  t.deepEqual(await resolveRecipients(subtask, lookup("mail")), { ok: true, recipients: ["bob.durand@example.org"], userDn: "uid=bob,ou=people,dc=example,dc=org" });
});

test("FD 1.6: an empty attribute falls back to mail; no address at all is upstream's error", async (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "mail", { fdTasksGranularMail: "uid=bob,ou=people,dc=example,dc=org" });
  t.deepEqual(await resolveRecipients(subtask, lookup("gosaMailAlternateAddress")), { ok: true, recipients: ["bob.durand@example.org"], userDn: "uid=bob,ou=people,dc=example,dc=org" });
  const noMail = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "mail", { fdTasksGranularMail: "uid=nomail,ou=people,dc=example,dc=org" });
  t.deepEqual(await resolveRecipients(noMail, lookup("mail")), { ok: false, error: "Could not resolve email for DN: uid=nomail,ou=people,dc=example,dc=org", unresolved: true });
  const ghost = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "mail", { fdTasksGranularMail: "uid=ghost,ou=people,dc=example,dc=org" });
  t.deepEqual(await resolveRecipients(ghost, lookup("mail")), { ok: false, error: "Could not resolve email for DN: uid=ghost,ou=people,dc=example,dc=org", unresolved: true });
});

test("FD 1.6: a value that is already an address is used as is", async (t) => {
  const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", "mail", { fdTasksGranularMail: "carol.petit@example.org" });
  const recorded = lookup("mail");
  t.deepEqual(await resolveRecipients(subtask, recorded), { ok: true, recipients: ["carol.petit@example.org"] });
  t.deepEqual(recorded.reads, []);
});

test("addressFromUser skips unusable values", (t) => {
  const user = fakeEntry("uid=x,dc=example,dc=org", { supannAutreMail: ["{A}", "not an address", "{B}x@example.org"], mail: "m@example.org" });
  t.is(addressFromUser(user, "supannAutreMail"), "x@example.org");
  t.is(addressFromUser(user, "supannMailPrive"), "m@example.org");
  t.is(addressFromUser(fakeEntry("uid=y,dc=example,dc=org", {}), "mail"), undefined);
});
