import test from "ava";
import { addDays, hasEnded, isValidYmd, todayIn } from "../../plugins/lifecycle/src/supann-dates.js";

test("adding days follows the calendar across month ends, leap years and years", (t) => {
  t.is(addDays("20260630", 30), "20260730");
  t.is(addDays("20261127", 30), "20261227");
  t.is(addDays("20261031", 60), "20261230");
  t.is(addDays("20260131", 30), "20260302");
  t.is(addDays("20260131", 1), "20260201");
  t.is(addDays("20260228", 1), "20260301");
  t.is(addDays("20280228", 1), "20280229");
  t.is(addDays("20280229", 365), "20290228");
  t.is(addDays("20261227", 30), "20270126");
  t.is(addDays("20261231", 1), "20270101");
  t.is(addDays("20261128", 0), "20261128");
});

test("adding days across the Europe/Paris DST changes never gains or loses a day", (t) => {
  // Spring forward on 2026-03-29, fall back on 2026-10-25: dates are calendar days, not instants.
  t.is(addDays("20260328", 1), "20260329");
  t.is(addDays("20260329", 1), "20260330");
  t.is(addDays("20260301", 30), "20260331");
  t.is(addDays("20261024", 1), "20261025");
  t.is(addDays("20261025", 1), "20261026");
  t.is(addDays("20261001", 30), "20261031");
});

test("a date past year 9999 or an invalid date is a RangeError, not a wrong value", (t) => {
  t.throws(() => addDays("99991231", 1), { instanceOf: RangeError });
  t.throws(() => addDays("20260231", 1), { instanceOf: RangeError });
});

test("today is the calendar day in the FD zone, around midnight and DST", (t) => {
  t.is(todayIn(new Date("2026-11-28T10:00:00Z"), "Europe/Paris"), "20261128");
  // 23:30 UTC is already the next day in Paris (UTC+1 in winter, UTC+2 in summer).
  t.is(todayIn(new Date("2026-11-27T23:30:00Z"), "Europe/Paris"), "20261128");
  t.is(todayIn(new Date("2026-11-27T22:59:59Z"), "Europe/Paris"), "20261127");
  t.is(todayIn(new Date("2026-11-27T23:00:00Z"), "Europe/Paris"), "20261128");
  t.is(todayIn(new Date("2026-07-14T21:59:59Z"), "Europe/Paris"), "20260714");
  t.is(todayIn(new Date("2026-07-14T22:00:00Z"), "Europe/Paris"), "20260715");
  // The nights of the DST changes: +1 before 2026-03-29T01:00Z, +2 after; +2 before 2026-10-25T01:00Z, +1 after.
  t.is(todayIn(new Date("2026-03-28T22:59:59Z"), "Europe/Paris"), "20260328");
  t.is(todayIn(new Date("2026-03-28T23:00:00Z"), "Europe/Paris"), "20260329");
  t.is(todayIn(new Date("2026-03-29T21:59:59Z"), "Europe/Paris"), "20260329");
  t.is(todayIn(new Date("2026-03-29T22:00:00Z"), "Europe/Paris"), "20260330");
  t.is(todayIn(new Date("2026-10-24T21:59:59Z"), "Europe/Paris"), "20261024");
  t.is(todayIn(new Date("2026-10-24T22:00:00Z"), "Europe/Paris"), "20261025");
  t.is(todayIn(new Date("2026-10-25T22:59:59Z"), "Europe/Paris"), "20261025");
  t.is(todayIn(new Date("2026-10-25T23:00:00Z"), "Europe/Paris"), "20261026");
  t.is(todayIn(new Date("2026-11-27T23:30:00Z"), "UTC"), "20261127");
});

test("an end date has passed from local midnight of that day; an empty one never passes", (t) => {
  t.true(hasEnded("20261127", "20261128"));
  t.true(hasEnded("20261128", "20261128"));
  t.false(hasEnded("20261129", "20261128"));
  t.false(hasEnded("", "20261128"));
  // Paris midnight of the end day (2026-11-27T23:00Z) is when it ends.
  t.false(hasEnded("20261128", todayIn(new Date("2026-11-27T22:59:59Z"), "Europe/Paris")));
  t.true(hasEnded("20261128", todayIn(new Date("2026-11-27T23:00:00Z"), "Europe/Paris")));
});

test("only real calendar days are dates", (t) => {
  for (const value of ["20240229", "20261231", "10000101"]) t.true(isValidYmd(value), value);
  for (const value of ["20250229", "20261301", "20260000", "2026113", "2026-11-28", "00990101", "abcdefgh", ""]) t.false(isValidYmd(value), value);
});
