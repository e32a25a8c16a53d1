import type { DirectoryEntry } from "@fdo/sdk";
import test from "ava";
import { addressOfPerson, resolveRecipients } from "../../plugins/extractor/src/recipients.js";
import { peopleToExtract, readPeople } from "../../plugins/extractor/src/users.js";
import { type Attributes, fakeEntry } from "../support/fakes.js";

const user = (uid: string) => `uid=${uid},ou=people,dc=example,dc=org`;
const group = (cn: string) => `cn=${cn},ou=groups,dc=example,dc=org`;
const person = (mail?: string | string[]): Attributes => ({ objectClass: ["inetOrgPerson"], ...(mail === undefined ? {} : { mail }) });

function directory(entries: Record<string, Attributes>) {
  const reads: Array<{ dn: string; attributes: readonly string[] }> = [];
  const read = async (dn: string, attributes: readonly string[]): Promise<DirectoryEntry | null> => {
    reads.push({ dn, attributes });
    const found = entries[dn];
    return found === undefined ? null : fakeEntry(dn, found);
  };
  return { read, reads };
}

const DIRECTORY: Record<string, Attributes> = {
  [user("ann")]: person("ann@example.org"),
  [user("ben")]: person(["{PRO}ben@example.org"]),
  [user("cat")]: person(["not-an-address", "cat@example.org"]),
  [user("nomail")]: person(),
  [group("trio")]: { objectClass: ["groupOfNames"], member: [user("ann"), user("ben"), user("cat")] },
  [group("nested")]: { objectClass: ["groupOfNames"], member: [group("trio"), user("ann"), user("nomail")] },
  ["cn=printer,dc=example,dc=org"]: { objectClass: ["device"] },
};

test("every member of every group is extracted, each once (upstream's Export kept only the first)", async (t) => {
  const { read } = directory(DIRECTORY);
  t.deepEqual(await peopleToExtract([group("nested"), user("ben"), user("ghost")], read, 5), {
    dns: [user("ann"), user("ben"), user("cat"), user("nomail")],
    errors: [`Error fetching attributes for DN '${user("ghost")}': no such entry`],
  });
});

test("people are read with the selected attributes (or all) and yielded in order; others are reported", async (t) => {
  const { read, reads } = directory(DIRECTORY);
  const errors: string[] = [];
  const found: string[] = [];
  for await (const entry of readPeople([user("ann"), "cn=printer,dc=example,dc=org", user("gone"), user("cat")], { all: false, attributes: ["uid", "mail"] }, read, errors)) found.push(entry.dn);
  t.deepEqual(found, [user("ann"), user("cat")]);
  t.deepEqual(errors, ["Error fetching attributes for DN 'cn=printer,dc=example,dc=org': not an inetOrgPerson", `Error fetching attributes for DN '${user("gone")}': no such entry`]);
  t.deepEqual(reads[0]?.attributes, ["uid", "mail", "objectClass"]);
  for await (const entry of readPeople([user("ann")], { all: true }, read, [])) t.is(entry.dn, user("ann"));
  t.deepEqual(reads.at(-1)?.attributes, ["*"]);
});

test("recipients: given addresses plus the addresses of the people and groups named, each once", async (t) => {
  const { read } = directory(DIRECTORY);
  t.deepEqual(await resolveRecipients(["HR@example.org"], [group("nested"), user("ghost")], "mail", read, 5), {
    addresses: ["HR@example.org", "ann@example.org", "ben@example.org", "cat@example.org"],
    unresolved: [user("ghost"), user("nomail")],
  });
  t.is(addressOfPerson(fakeEntry(user("x"), { supannAutreMail: "x@perso.example", mail: "x@example.org" }), "supannAutreMail"), "x@perso.example");
  t.is(addressOfPerson(fakeEntry(user("x"), { mail: "x@example.org" }), "supannAutreMail"), "x@example.org");
  t.is(addressOfPerson(fakeEntry(user("x"), { mail: "x@example.org\r\nBcc: y@evil" }), "mail"), undefined);
});
