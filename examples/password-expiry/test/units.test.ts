// The plugin's pure parts, without a directory.

import { mockServices } from "@fdo/testing";
import test from "ava";
import { parseFilter, parseLeadDays } from "../src/config.js";
import { dayNumber, expiryOf, leadFor } from "../src/expiry.js";
import { markerName } from "../src/markers.js";
import { fillPlaceholders } from "../src/message.js";
import type { Reminder } from "../src/plan.js";

const entry = (attributes: Record<string, string>) => mockServices.entry("uid=x,dc=example,dc=org", attributes);

const noAges = { policySeconds: undefined, configuredDays: undefined };

test("lead days parse to a sorted list, and refuse anything else", (t) => {
  t.deepEqual(parseLeadDays("28, 7,1"), { ok: true, value: [1, 7, 28] });
  t.false(parseLeadDays("7,,1").ok);
  t.false(parseLeadDays("-1").ok);
  t.false(parseLeadDays("367").ok);
  t.false(parseLeadDays("1.5").ok);
});

test("the user filter must be balanced", (t) => {
  t.true(parseFilter("(&(objectClass=inetOrgPerson)(!(uid=svc-\\29)))").ok);
  t.false(parseFilter("objectClass=inetOrgPerson").ok);
  t.false(parseFilter("(a=b))(").ok);
});

test("the reminder is the smallest lead time the expiry is within", (t) => {
  t.is(leadFor(0, [28, 7, 1]), 1);
  t.is(leadFor(7, [28, 7, 1]), 7);
  t.is(leadFor(8, [28, 7, 1]), 28);
  t.is(leadFor(29, [28, 7, 1]), undefined);
});

test("shadow expiry: shadowLastChange + shadowMax, else the configured max age; 99999 and 0 are special", (t) => {
  t.deepEqual(expiryOf(entry({ shadowLastChange: "20700", shadowMax: "90" }), noAges), { kind: "expires", day: 20790, source: "shadowLastChange" });
  t.deepEqual(expiryOf(entry({ shadowLastChange: "20700" }), { policySeconds: undefined, configuredDays: 30 }), { kind: "expires", day: 20730, source: "shadowLastChange" });
  t.is(expiryOf(entry({ shadowLastChange: "20700" }), noAges).kind, "never");
  t.is(expiryOf(entry({ shadowLastChange: "20700", shadowMax: "99999" }), noAges).kind, "never");
  t.is(expiryOf(entry({ shadowLastChange: "0", shadowMax: "90" }), noAges).kind, "mustChange");
  t.is(expiryOf(entry({ shadowLastChange: "soon" }), noAges).kind, "unknown");
});

test("ppolicy expiry: pwdChangedTime + pwdMaxAge wins over shadow attributes", (t) => {
  const user = entry({ pwdChangedTime: "20261101120000Z", shadowLastChange: "1", shadowMax: "1" });
  const expiry = expiryOf(user, { policySeconds: 30 * 86_400, configuredDays: 7 });
  t.deepEqual(expiry, { kind: "expires", day: dayNumber(new Date("2026-12-01T12:00:00Z")), source: "pwdChangedTime" });
  t.deepEqual(expiryOf(user, { policySeconds: undefined, configuredDays: 7 }), { kind: "expires", day: dayNumber(new Date("2026-11-08T12:00:00Z")), source: "pwdChangedTime" });
  t.is(expiryOf(user, { policySeconds: 0, configuredDays: 7 }).kind, "never");
  t.is(expiryOf(entry({ pwdChangedTime: "yesterday" }), noAges).kind, "unknown");
});

test("marker names: expiry day, lead time, and a hash of the user DN that ignores case and blanks", (t) => {
  const key = { dn: "uid=Ann,ou=People,dc=example,dc=org", uid: "ann", expiryDay: 20805, leadDays: 28 };
  t.regex(markerName(key), /^20261218-28d-[0-9a-f]{16}$/);
  t.is(markerName({ ...key, dn: "uid=ann, ou=people, dc=example, dc=org" }), markerName(key));
  t.not(markerName({ ...key, leadDays: 7 }), markerName(key));
});

test("placeholders are filled; unknown braces are kept", (t) => {
  const reminder = { uid: "ann", name: "Ann Archer", daysLeft: 3, expiry: "2026-12-01", leadDays: 7 } as Reminder;
  t.is(fillPlaceholders("{name} ({uid}): {days}/{lead} days, {expiry} {url} {other}", reminder, "https://x.example/"), "Ann Archer (ann): 3/7 days, 2026-12-01 https://x.example/ {other}");
});
