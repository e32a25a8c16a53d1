// Calendar-day arithmetic: month ends, leap years, "today" in FusionDirectory's zone, DST days in Europe/Paris.
import test from "ava";
import { addDays, type CalendarDate, dateOfDayNumber, dayNumber, daysBetween, formatIsoDate, formatYmd, parseYmd, todayIn } from "./calendar-days.js";

const PARIS = "Europe/Paris";
const ymd = (text: string): CalendarDate => {
  const date = parseYmd(text);
  if (date === undefined) throw new Error(`bad date in a test: ${text}`);
  return date;
};
const plus = (text: string, days: number): string => formatYmd(addDays(ymd(text), days));
const today = (iso: string, zone = PARIS): string => formatYmd(todayIn(new Date(iso), zone));

test("adding days follows the calendar across month ends, leap years and years", (t) => {
  t.is(plus("20260630", 30), "20260730");
  t.is(plus("20261127", 30), "20261227");
  t.is(plus("20261031", 60), "20261230");
  t.is(plus("20260131", 30), "20260302");
  t.is(plus("20260131", 1), "20260201");
  t.is(plus("20260228", 1), "20260301");
  t.is(plus("20280228", 1), "20280229");
  t.is(plus("20280229", 365), "20290228");
  t.is(plus("20261227", 30), "20270126");
  t.is(plus("20261231", 1), "20270101");
  t.is(plus("20261128", 0), "20261128");
  t.is(plus("20270101", -1), "20261231");
  t.is(plus("20240301", -1), "20240229");
  // 1900 was not a leap year, 2000 was.
  t.is(plus("19000228", 1), "19000301");
  t.is(plus("20000228", 1), "20000229");
});

test("adding days across the Europe/Paris DST changes never gains or loses a day", (t) => {
  // Spring forward on 2026-03-29, fall back on 2026-10-25: dates are calendar days, not instants.
  t.is(plus("20260328", 1), "20260329");
  t.is(plus("20260329", 1), "20260330");
  t.is(plus("20260301", 30), "20260331");
  t.is(plus("20261024", 1), "20261025");
  t.is(plus("20261025", 1), "20261026");
  t.is(plus("20261001", 30), "20261031");
});

test("a result past year 9999 or before 1000, or an impossible date, is a RangeError, not a wrong value", (t) => {
  t.throws(() => addDays(ymd("99991231"), 1), { instanceOf: RangeError, message: "99991231 + 1 days is past year 9999" });
  t.is(plus("99991230", 1), "99991231");
  t.throws(() => addDays(ymd("10000101"), -1), { instanceOf: RangeError, message: /before year 1000/ });
  t.throws(() => addDays({ year: 2026, month: 2, day: 31 }, 1), { instanceOf: RangeError });
  t.throws(() => addDays({ year: 2026, month: 13, day: 1 }, 1), { instanceOf: RangeError });
  t.throws(() => addDays(ymd("20261128"), 1.5), { instanceOf: RangeError });
});

test("today is the calendar day in the FD zone, not in UTC: around midnight in Paris, winter and summer", (t) => {
  t.is(today("2026-11-28T10:00:00Z"), "20261128");
  // 23:30 UTC is already the next day in Paris (UTC+1 in winter, UTC+2 in summer).
  t.is(today("2026-11-27T23:30:00Z"), "20261128");
  t.is(today("2026-11-27T22:59:59Z"), "20261127"); // 23:59:59 CET
  t.is(today("2026-11-27T23:00:00Z"), "20261128"); // 00:00 CET
  t.is(today("2026-07-14T21:59:59Z"), "20260714"); // 23:59:59 CEST
  t.is(today("2026-07-14T22:00:00Z"), "20260715"); // 00:00 CEST
  t.is(today("2026-07-14T22:00:00Z", "UTC"), "20260714");
  t.is(today("2026-11-27T23:30:00Z", "UTC"), "20261127");
  t.deepEqual(todayIn(new Date("2026-11-28T10:00:00Z"), PARIS), { year: 2026, month: 11, day: 28 });
});

test("today across the DST changes of Europe/Paris (2026-03-29 and 2026-10-25)", (t) => {
  // +1 before 2026-03-29T01:00Z, +2 after; +2 before 2026-10-25T01:00Z, +1 after.
  t.is(today("2026-03-28T22:59:59Z"), "20260328"); // 23:59:59 CET
  t.is(today("2026-03-28T23:00:00Z"), "20260329");
  t.is(today("2026-03-28T23:30:00Z"), "20260329"); // 00:30 CET, the short day
  t.is(today("2026-03-29T21:59:59Z"), "20260329"); // 23:59:59 CEST
  t.is(today("2026-03-29T22:00:00Z"), "20260330");
  t.is(today("2026-10-24T21:59:59Z"), "20261024"); // 23:59:59 CEST
  t.is(today("2026-10-24T22:00:00Z"), "20261025");
  t.is(today("2026-10-24T22:30:00Z"), "20261025"); // 00:30 CEST, the long day
  t.is(today("2026-10-25T22:59:59Z"), "20261025"); // 23:59:59 CET
  t.is(today("2026-10-25T23:00:00Z"), "20261026");
});

test("days between dates count calendar days: a 23-hour or 25-hour day is still one day", (t) => {
  t.is(daysBetween(ymd("20260328"), ymd("20260330")), 2); // 47 real hours
  t.is(daysBetween(ymd("20261024"), ymd("20261026")), 2); // 49 real hours
  t.is(daysBetween(ymd("20261128"), ymd("20261215")), 17); // erin in the demo
  t.is(daysBetween(ymd("20261128"), ymd("20270831")), 276); // alice
  t.is(daysBetween(ymd("20261128"), ymd("20261128")), 0);
  t.is(daysBetween(ymd("20261128"), ymd("20261127")), -1);
  t.is(daysBetween(ymd("20241231"), ymd("20250301")), 60); // no leap day in 2025
  t.is(daysBetween(ymd("20231231"), ymd("20240301")), 61); // 2024-02-29
  t.is(daysBetween(ymd("20280229"), ymd("20290228")), 365);
});

test("days since 1970 (shadowExpire) convert both ways", (t) => {
  t.is(formatIsoDate(dateOfDayNumber(20797)), "2026-12-10"); // grace in the demo
  t.is(dayNumber({ year: 2026, month: 11, day: 28 }), 20785);
  t.is(dayNumber({ year: 1970, month: 1, day: 1 }), 0);
  t.is(formatIsoDate(dateOfDayNumber(-1)), "1969-12-31");
  t.is(dayNumber(dateOfDayNumber(2_932_896)), 2_932_896); // 9999-12-31
  // A shadowExpire far beyond year 9999 is still a date, for reports; it just cannot be written YYYYMMDD.
  t.is(formatIsoDate(dateOfDayNumber(9_999_999)), "29349-01-25");
  t.throws(() => formatYmd(dateOfDayNumber(9_999_999)), { instanceOf: RangeError });
});

test("YYYYMMDD is parsed strictly: real days only, four-digit years from 1000, no blanks", (t) => {
  t.deepEqual(parseYmd("20270831"), { year: 2027, month: 8, day: 31 });
  t.deepEqual(parseYmd("20240229"), { year: 2024, month: 2, day: 29 });
  for (const value of ["20240229", "20261231", "10000101", "99991231", "20000229"]) t.is(formatYmd(ymd(value)), value, value);
  const bad = [
    "20250229",
    "19000229",
    "20261301",
    "20261131",
    "20260000",
    "20260100",
    "2026113",
    "202612",
    "2026-11-28",
    "2026-12-15",
    "00990101",
    "00000101",
    "abcdefgh",
    "2026121a",
    "",
    " 20240229 ",
    "202612150",
  ];
  for (const value of bad) t.is(parseYmd(value), undefined, JSON.stringify(value));
});

test("dates are written YYYYMMDD for the directory and YYYY-MM-DD for reports", (t) => {
  t.is(formatYmd({ year: 2026, month: 3, day: 9 }), "20260309");
  t.is(formatIsoDate({ year: 2026, month: 3, day: 9 }), "2026-03-09");
  t.throws(() => formatYmd({ year: 999, month: 1, day: 1 }), { instanceOf: RangeError });
  t.throws(() => formatYmd({ year: 2026, month: 2, day: 30 }), { instanceOf: RangeError });
});
