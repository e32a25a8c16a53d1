// Days-left arithmetic: calendar days between "today" in FusionDirectory's zone and an end day, DST-proof.
import test from "ava";
import { calendarDateAt, dateOfDayNumber, dayNumber, daysBetween, formatDate, parseYmd } from "../../plugins/reminder/src/calendar.js";

const PARIS = "Europe/Paris";
const today = (iso: string, zone = PARIS) => formatDate(calendarDateAt(new Date(iso), zone));

test("today is the date in the FD zone, not in UTC: around midnight in Paris, winter and summer", (t) => {
  t.is(today("2026-11-27T22:59:59Z"), "2026-11-27"); // 23:59:59 CET
  t.is(today("2026-11-27T23:00:00Z"), "2026-11-28"); // 00:00 CET
  t.is(today("2026-07-14T21:59:59Z"), "2026-07-14"); // 23:59:59 CEST
  t.is(today("2026-07-14T22:00:00Z"), "2026-07-15"); // 00:00 CEST
  t.is(today("2026-07-14T22:00:00Z", "UTC"), "2026-07-14");
});

test("today across the DST changes of Europe/Paris (2026-03-29 and 2026-10-25)", (t) => {
  t.is(today("2026-03-28T22:59:59Z"), "2026-03-28"); // 23:59:59 CET
  t.is(today("2026-03-28T23:30:00Z"), "2026-03-29"); // 00:30 CET, the short day
  t.is(today("2026-03-29T21:59:59Z"), "2026-03-29"); // 23:59:59 CEST
  t.is(today("2026-03-29T22:00:00Z"), "2026-03-30");
  t.is(today("2026-10-24T21:59:59Z"), "2026-10-24"); // 23:59:59 CEST
  t.is(today("2026-10-24T22:30:00Z"), "2026-10-25"); // 00:30 CEST, the long day
  t.is(today("2026-10-25T22:59:59Z"), "2026-10-25"); // 23:59:59 CET
  t.is(today("2026-10-25T23:00:00Z"), "2026-10-26");
});

test("days between dates count calendar days: a 23-hour or 25-hour day is still one day", (t) => {
  const date = (text: string) => parseYmd(text) ?? t.fail(`bad date ${text}`);
  t.is(daysBetween(date("20260328"), date("20260330")), 2); // 47 real hours
  t.is(daysBetween(date("20261024"), date("20261026")), 2); // 49 real hours
  t.is(daysBetween(date("20261128"), date("20261215")), 17); // erin in the demo
  t.is(daysBetween(date("20261128"), date("20270831")), 276); // alice
  t.is(daysBetween(date("20261128"), date("20261128")), 0);
  t.is(daysBetween(date("20261128"), date("20261127")), -1);
  t.is(daysBetween(date("20241231"), date("20250301")), 60); // no leap day in 2025
  t.is(daysBetween(date("20231231"), date("20240301")), 61); // 2024-02-29
});

test("days since 1970 (shadowExpire) convert both ways", (t) => {
  t.is(formatDate(dateOfDayNumber(20797)), "2026-12-10"); // grace in the demo
  t.is(dayNumber({ year: 2026, month: 11, day: 28 }), 20785);
  t.is(dayNumber({ year: 1970, month: 1, day: 1 }), 0);
  t.is(formatDate(dateOfDayNumber(-1)), "1969-12-31");
});

test("YYYYMMDD is parsed strictly", (t) => {
  t.deepEqual(parseYmd("20270831"), { year: 2027, month: 8, day: 31 });
  t.deepEqual(parseYmd(" 20240229 "), { year: 2024, month: 2, day: 29 });
  for (const bad of ["20250229", "20261301", "20261131", "2026-12-15", "202612", "", "2026121a"]) t.is(parseYmd(bad), undefined, bad);
});
