import test from "ava";
import { isPeriodElapsed, nextActivation, parseRepeatSchedule, type RepeatPeriod } from "./cyclic-period.js";

const PARIS = "Europe/Paris";

function period(schedule: string): RepeatPeriod {
  const parsed = parseRepeatSchedule(schedule);
  if (parsed === undefined) throw new Error(`${schedule} should parse`);
  return parsed;
}

const next = (lastIso: string, schedule: string, zone = PARIS): string => nextActivation(new Date(lastIso), period(schedule), zone).toISOString();

test("every schedule FusionDirectory offers parses; anything else does not", (t) => {
  for (const schedule of ["Yearly", "Monthly", "Weekly", "Daily", "Hourly", "Minutes:00", "Minutes:05", "Minutes:59", "daily", " Weekly "]) {
    t.not(parseRepeatSchedule(schedule), undefined, schedule);
  }
  for (const schedule of [undefined, "", "Fortnightly", "Minutes:5", "Minutes:60", "Minutes:123", "Minutes:", "Minutes:aa", "Hours:01"]) {
    t.is(parseRepeatSchedule(schedule), undefined, String(schedule));
  }
});

test("each period's next activation, in the FD zone (winter, UTC+1)", (t) => {
  const last = "2026-11-27T07:00:03.000Z"; // 08:00:03 in Paris
  t.is(next(last, "Yearly"), "2027-11-27T07:00:03.000Z");
  t.is(next(last, "Monthly"), "2026-12-27T07:00:03.000Z");
  t.is(next(last, "Weekly"), "2026-12-04T07:00:03.000Z");
  t.is(next(last, "Daily"), "2026-11-28T07:00:03.000Z");
  t.is(next(last, "Hourly"), "2026-11-27T08:00:03.000Z");
  t.is(next(last, "Minutes:15"), "2026-11-27T07:15:03.000Z");
  t.is(next(last, "Minutes:00"), last, "Minutes:00 is due at once");
});

test("due exactly at the boundary, not a second before", (t) => {
  const last = new Date("2026-11-27T07:00:03.000Z");
  t.false(isPeriodElapsed(last, period("Daily"), PARIS, new Date("2026-11-28T07:00:02.999Z")));
  t.true(isPeriodElapsed(last, period("Daily"), PARIS, new Date("2026-11-28T07:00:03.000Z")));
});

test("a month is the same day next month, clamped to the month's end", (t) => {
  t.is(next("2027-01-31T11:00:00.000Z", "Monthly"), "2027-02-28T11:00:00.000Z"); // 12:00 Paris, Jan 31 -> Feb 28
  t.is(next("2028-01-31T11:00:00.000Z", "Monthly"), "2028-02-29T11:00:00.000Z", "leap year");
  t.is(next("2026-03-31T10:00:00.000Z", "Monthly"), "2026-04-30T10:00:00.000Z"); // 12:00 CEST
  t.is(next("2026-12-15T11:00:00.000Z", "Monthly"), "2027-01-15T11:00:00.000Z", "December rolls into January");
});

test("leap years: Feb 29 + 1 year is Feb 28, and Monthly fires after exactly one year (upstream 1.1 did not)", (t) => {
  t.is(next("2028-02-29T11:00:00.000Z", "Yearly"), "2029-02-28T11:00:00.000Z");
  t.is(next("2027-02-28T11:00:00.000Z", "Yearly"), "2028-02-28T11:00:00.000Z");
  t.is(next("2028-02-28T11:00:00.000Z", "Daily"), "2028-02-29T11:00:00.000Z");
  const last = new Date("2025-11-28T09:00:00.000Z");
  t.true(isPeriodElapsed(last, period("Monthly"), PARIS, new Date("2026-11-28T09:00:00.000Z")));
  t.true(isPeriodElapsed(last, period("Monthly"), PARIS, new Date("2026-12-28T09:00:00.000Z")), "and after 13 months");
});

test("DST: Daily and Weekly keep the wall time (23 h / 25 h days), Hourly stays 60 minutes", (t) => {
  // Paris springs forward on 2027-03-28 (02:00 -> 03:00) and falls back on 2026-10-25 (03:00 -> 02:00).
  t.is(next("2027-03-27T09:00:00.000Z", "Daily"), "2027-03-28T08:00:00.000Z", "10:00 CET -> 10:00 CEST, 23 hours");
  t.is(next("2026-10-24T08:00:00.000Z", "Daily"), "2026-10-25T09:00:00.000Z", "10:00 CEST -> 10:00 CET, 25 hours");
  t.is(next("2027-03-22T09:00:00.000Z", "Weekly"), "2027-03-29T08:00:00.000Z");
  t.is(next("2027-03-28T00:30:00.000Z", "Hourly"), "2027-03-28T01:30:00.000Z", "01:30 CET -> 03:30 CEST");
  t.is(next("2026-10-25T00:30:00.000Z", "Hourly"), "2026-10-25T01:30:00.000Z", "02:30 CEST -> 02:30 CET");
});

test("DST: a wall time that does not exist the next day resolves one hour later", (t) => {
  // 02:30 CET on 2027-03-27; 02:30 on 2027-03-28 does not exist in Paris, so 03:30 CEST.
  t.is(next("2027-03-27T01:30:00.000Z", "Daily"), "2027-03-28T01:30:00.000Z");
});

test("calendar periods depend on the zone: the day of month is FusionDirectory's, not UTC's", (t) => {
  // 2026-01-30T23:30Z is Jan 30 in UTC but Jan 31 00:30 in Paris, so the month-end clamp differs by a day.
  t.is(next("2026-01-30T23:30:00.000Z", "Monthly", "UTC"), "2026-02-28T23:30:00.000Z");
  t.is(next("2026-01-30T23:30:00.000Z", "Monthly", PARIS), "2026-02-27T23:30:00.000Z", "Jan 31 00:30 -> Feb 28 00:30 Paris");
  t.is(next("2026-02-01T04:30:00.000Z", "Monthly", "America/New_York"), "2026-03-01T04:30:00.000Z", "Jan 31 23:30 -> Feb 28 23:30 New York");
});
