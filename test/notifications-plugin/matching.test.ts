// Parsing SupAnn states and the state test itself are tested with @fdo/fusiondirectory (sdk/fusiondirectory/src/supann.test.ts).

import { fakeEntry } from "@fdo/testing";
import test from "ava";
import type { AttributeChange } from "../../plugins/notifications/src/audit-changes.js";
import { matchingChanges, monitoringOf } from "../../plugins/notifications/src/matching.js";

const change = (attribute: string, ...newValues: string[]): AttributeChange => ({ attribute, newValues, oldValues: undefined });
const LOCKED = { resource: "COMPTE", state: "S", subState: "SupannVerrouille" };

test("the main task's monitoring: names case-insensitive, None dropped, resource NONE means no state", (t) => {
  const main = fakeEntry("cn=n,ou=tasks,dc=example,dc=org", {
    fdTasksNotificationsAttributes: ["mail", "telephoneNumber", "None"],
    fdTasksNotificationsResource: "COMPTE",
    fdTasksNotificationsState: "S",
    fdTasksNotificationsSubState: "SupannVerrouille",
  });
  const monitoring = monitoringOf(main);
  t.deepEqual([...monitoring.attributes], ["mail", "telephonenumber"]);
  t.deepEqual(monitoring.state, LOCKED);
  t.is(monitoringOf(fakeEntry("cn=n", { fdTasksNotificationsAttributes: "mail", fdTasksNotificationsResource: "NONE" })).state, undefined);
  t.is(monitoringOf(fakeEntry("cn=n", { fdTasksNotificationsAttributes: "mail", fdTasksNotificationsSubState: "" })).state, undefined);
});

test("matches: monitored attributes, and SupAnn state attributes entering the state; others ignored", (t) => {
  const monitoring = { attributes: new Set(["mail", "telephonenumber"]), state: LOCKED };
  const changes = [
    change("supannRessourceEtat", "{COMPTE}S:SupannVerrouille"),
    change("TelephoneNumber", "+33 1 40 00 00 15"),
    change("sn", "Lefèvre"),
    change("description", "{COMPTE}S:SupannVerrouille"),
    change("supannRessourceEtat", "{COMPTE}A:SupannActif"),
  ];
  t.deepEqual(
    matchingChanges(changes, monitoring).map((c) => c.attribute),
    ["supannRessourceEtat", "TelephoneNumber"],
  );
  t.deepEqual(matchingChanges([change("description", "x")], monitoring), []);
  t.deepEqual(matchingChanges([change("mail;x-tag", "a@example.org")], monitoring).length, 1);
});
