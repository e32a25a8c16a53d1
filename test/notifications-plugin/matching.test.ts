import test from "ava";
import type { AttributeChange } from "../../plugins/notifications/src/audit-changes.js";
import { formatSupannState, isInState, matchingChanges, monitoringOf, parseSupannState } from "../../plugins/notifications/src/matching.js";
import { fakeEntry } from "../support/fakes.js";

const change = (attribute: string, ...newValues: string[]): AttributeChange => ({ attribute, newValues, oldValues: undefined });
const LOCKED = { resource: "COMPTE", state: "S", subState: "SupannVerrouille" };

test("SupAnn states parse with or without sub-state and dates", (t) => {
  t.deepEqual(parseSupannState("{COMPTE}S"), { resource: "COMPTE", state: "S", subState: undefined });
  t.deepEqual(parseSupannState("{COMPTE}S:SupannVerrouille:20250101:"), LOCKED);
  t.is(parseSupannState("COMPTE S"), undefined);
  t.is(formatSupannState(LOCKED), "{COMPTE}S:SupannVerrouille");
});

test("the state test is exact per component, including a value that is exactly the state (position 0)", (t) => {
  t.true(isInState("{COMPTE}S:SupannVerrouille", LOCKED));
  t.true(isInState("{COMPTE}S:SupannVerrouille:20261126:", LOCKED));
  t.false(isInState("{COMPTE}S:SupannVerrouilleX", LOCKED));
  t.false(isInState("{MAIL}S:SupannVerrouille", LOCKED));
  t.false(isInState("{COMPTE}A:SupannVerrouille", LOCKED));
  t.false(isInState("x{COMPTE}S:SupannVerrouille", LOCKED));
  // No monitored sub-state: any sub-state of the state matches.
  t.true(isInState("{COMPTE}S:SupannVerrouille", { resource: "COMPTE", state: "S", subState: undefined }));
});

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
  t.deepEqual(matchingChanges(changes, monitoring).map((c) => c.attribute), ["supannRessourceEtat", "TelephoneNumber"]);
  t.deepEqual(matchingChanges([change("description", "x")], monitoring), []);
  t.deepEqual(matchingChanges([change("mail;x-tag", "a@example.org")], monitoring).length, 1);
});
