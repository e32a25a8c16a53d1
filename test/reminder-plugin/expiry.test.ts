// The reminder decision: SupAnn and POSIX modes, the window of each call, and the accounts that are skipped.
import test from "ava";
import { decide, MESSAGES, shadowExpireDay, type UserExpiryData, type Watch } from "../../plugins/reminder/src/expiry.js";

const PARIS = "Europe/Paris";
const NOW = new Date("2026-11-28T10:00:00Z"); // the demo clock: 11:00 in Paris, day 20785
const ACTIVE = { resource: "COMPTE", state: "A", subState: "SupannActif" };
const supann = (helperDays: number, target = ACTIVE): Watch => ({ supann: target, posix: false, helperDays });
const posix = (helperDays: number): Watch => ({ supann: undefined, posix: true, helperDays });
const user = (dated: string[], shadowExpire?: string, etat?: string[]): UserExpiryData => ({
  supannRessourceEtatDate: dated,
  supannRessourceEtat: etat ?? dated.map((value) => value.split(":").slice(0, 2).join(":")),
  shadowExpire,
});

test("SupAnn: due from helper days before the end day down to the day before it; the end day itself is expired", (t) => {
  const erin = user(["{COMPTE}A:SupannActif:20240101:20261215"]);
  t.like(decide(supann(30), erin, NOW, PARIS), { due: true, source: "supann", daysLeft: 17, reason: "{COMPTE} ends on 2026-12-15, 17 days left (reminder at 30 days)" });
  t.like(decide(supann(17), erin, NOW, PARIS), { due: true, daysLeft: 17 });
  t.deepEqual(decide(supann(15), erin, NOW, PARIS), {
    due: false,
    message: MESSAGES.notDue,
    reason: "{COMPTE} ends on 2026-12-15, 17 days left; this reminder is sent 15 days or less before the end",
  });
  t.like(decide(supann(15), user(["{COMPTE}A:SupannActif:20240101:20261129"]), NOW, PARIS), { due: true, daysLeft: 1 });
  // The Life Cycle task closes the account on its end day: no reminder any more.
  t.deepEqual(decide(supann(15), user(["{COMPTE}A:SupannActif:20240101:20261128"]), NOW, PARIS), {
    due: false,
    message: MESSAGES.expired,
    reason: "{COMPTE} ended on 2026-11-28 (today)",
  });
  t.deepEqual(decide(supann(15), user(["{COMPTE}A:SupannActif:20240101:20261127"]), NOW, PARIS), {
    due: false,
    message: MESSAGES.expired,
    reason: "{COMPTE} ended on 2026-11-27, 1 day ago",
  });
});

test("days left are counted from today in fdTimezone, so the window opens at local midnight, across DST", (t) => {
  const ends = user(["{COMPTE}A:SupannActif:20240101:20261108"]);
  // 2026-10-24 23:30 CEST: still the 24th in Paris, 15 days before the 8th: not yet due for a 14-day reminder.
  t.like(decide(supann(14), ends, new Date("2026-10-24T21:30:00Z"), PARIS), { due: false });
  // 2026-10-25 00:30 CEST (the 25-hour day): 14 days left, due; in UTC it would still be the 24th.
  t.like(decide(supann(14), ends, new Date("2026-10-24T22:30:00Z"), PARIS), { due: true, daysLeft: 14 });
  t.like(decide(supann(14), ends, new Date("2026-10-24T22:30:00Z"), "UTC"), { due: false });
  // Spring: 2026-03-29 00:30 CET (the 23-hour day) to an end on 2026-04-12.
  const spring = user(["{COMPTE}A:SupannActif:20240101:20260412"]);
  t.like(decide(supann(14), spring, new Date("2026-03-28T23:30:00Z"), PARIS), { due: true, daysLeft: 14 });
  t.like(decide(supann(14), spring, new Date("2026-03-28T22:30:00Z"), PARIS), { due: false });
  // Late in the evening of the 25-hour day it is still the 25th.
  t.like(decide(supann(14), ends, new Date("2026-10-25T22:59:00Z"), PARIS), { due: true, daysLeft: 14 });
});

test("SupAnn: the state must match; no end date or an unreadable one never triggers", (t) => {
  t.deepEqual(decide(supann(30), user(["{COMPTE}I:SupannExpire:20250701:20261201"]), NOW, PARIS), {
    due: false,
    message: MESSAGES.notDue,
    reason: "{COMPTE} is {COMPTE}I:SupannExpire, not {COMPTE}A:SupannActif",
  });
  t.like(decide(supann(30), user(["{MAIL}A:SupannActif:20240101:20261201"]), NOW, PARIS), { due: false, reason: "no {COMPTE} resource on the account" });
  t.like(decide(supann(30), user(["{COMPTE}A:SupannActif:20240101:"]), NOW, PARIS), { due: false, reason: "{COMPTE}A:SupannActif has no end date" });
  t.like(decide(supann(30), user(["{COMPTE}A:SupannActif:20240101:2026-12-01"]), NOW, PARIS), { due: false, reason: '{COMPTE} has an unreadable end date "2026-12-01"' });
  // An empty watched sub-state matches any sub-state.
  t.like(decide(supann(30, { resource: "COMPTE", state: "A", subState: "" }), user(["{COMPTE}A:Autre:20240101:20261201"]), NOW, PARIS), { due: true, daysLeft: 3 });
  // supannRessourceEtat decides the state; the date comes from the dated value of the resource.
  t.like(decide(supann(30), user(["{COMPTE}A:SupannActif:20240101:20261201"], undefined, ["{COMPTE}I:SupannExpire"]), NOW, PARIS), { due: false });
});

test("POSIX: shadowExpire is the first day the login is refused; due from helper days before it", (t) => {
  t.like(decide(posix(30), user([], "20797"), NOW, PARIS), {
    due: true,
    source: "posix",
    daysLeft: 12,
    reason: "the POSIX account expires on 2026-12-10 (shadowExpire 20797), 12 days left (reminder at 30 days)",
  });
  t.like(decide(posix(12), user([], "20797"), NOW, PARIS), { due: true });
  t.deepEqual(decide(posix(11), user([], "20797"), NOW, PARIS), {
    due: false,
    message: MESSAGES.posixNotDue,
    reason: "the POSIX account expires on 2026-12-10 (shadowExpire 20797), 12 days left; this reminder is sent 11 days or less before the end",
  });
  t.like(decide(posix(30), user([], "20786"), NOW, PARIS), { due: true, daysLeft: 1 });
  t.like(decide(posix(30), user([]), NOW, PARIS), { due: false, reason: "no shadowExpire: the POSIX account does not expire" });
  t.like(decide(posix(30), user([], "-1"), NOW, PARIS), { due: false, message: MESSAGES.posixNotDue });
});

test("locked and expired accounts are skipped, whatever is watched, and the reason says so", (t) => {
  const locked = user(["{COMPTE}S:SupannVerrouAdministratif:20261101:"], "20790");
  t.deepEqual(decide(posix(30), locked, NOW, PARIS), { due: false, message: MESSAGES.locked, reason: "the account is locked: {COMPTE}S:SupannVerrouAdministratif" });
  // A lock on the watched resource counts too.
  const mailLocked = user(["{MAIL}A:SupannVerrouTechnique:20240101:20261201"]);
  t.like(decide(supann(30, { resource: "MAIL", state: "A", subState: "" }), mailLocked, NOW, PARIS), { due: false, message: MESSAGES.locked });
  // shadowExpire today or earlier: the account is expired, also in SupAnn mode.
  const shadowToday = user(["{COMPTE}A:SupannActif:20240101:20261201"], "20785");
  t.deepEqual(decide(supann(30), shadowToday, NOW, PARIS), { due: false, message: MESSAGES.expired, reason: "the POSIX account expired on 2026-11-28 (shadowExpire 20785)" });
});

test("both modes watched: due when either is, the nearest end counts; a passed SupAnn end skips", (t) => {
  const both: Watch = { supann: ACTIVE, posix: true, helperDays: 15 };
  t.like(decide(both, user(["{COMPTE}A:SupannActif:20240101:20270831"], "20797"), NOW, PARIS), { due: true, source: "posix", daysLeft: 12 });
  t.like(decide(both, user(["{COMPTE}A:SupannActif:20240101:20261205"], "20797"), NOW, PARIS), { due: true, source: "supann", daysLeft: 7 });
  t.like(decide(both, user(["{COMPTE}A:SupannActif:20240101:20261101"], "20797"), NOW, PARIS), { due: false, message: MESSAGES.expired });
  t.like(decide(both, user(["{COMPTE}A:SupannActif:20240101:20270831"], "20900"), NOW, PARIS), {
    due: false,
    message: MESSAGES.notDue,
    reason:
      "{COMPTE} ends on 2027-08-31, 276 days left; this reminder is sent 15 days or less before the end; the POSIX account expires on 2027-03-23 (shadowExpire 20900), 115 days left; this reminder is sent 15 days or less before the end",
  });
});

test("nothing watched: upstream's 'no reminder triggers' message", (t) => {
  t.deepEqual(decide({ supann: undefined, posix: false, helperDays: 30 }, user([], "20790"), NOW, PARIS), {
    due: false,
    message: MESSAGES.noTrigger,
    reason: "the task watches neither a SupAnn resource (fdTasksReminderResource is NONE) nor shadowExpire (fdTasksReminderPosix is not TRUE)",
  });
});

test("shadowExpire values", (t) => {
  t.is(shadowExpireDay("20797"), 20797);
  t.is(shadowExpireDay(" 20797 "), 20797);
  for (const value of [undefined, "", "-1", "0", "abc", "1e5"]) t.is(shadowExpireDay(value), undefined, String(value));
});
