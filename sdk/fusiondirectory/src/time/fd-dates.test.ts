import test from "ava";
import { formatGeneralizedTime, parseFdDateTime, parseFdSchedule, parseGeneralizedTime } from "./fd-dates.js";

const iso = (date: Date | undefined) => date?.toISOString();

test("FD 1.5 schedules are wall time in the FD zone, across DST", (t) => {
  t.is(iso(parseFdSchedule("20261101090000", "Europe/Paris")), "2026-11-01T08:00:00.000Z");
  t.is(iso(parseFdSchedule("20260701090000", "Europe/Paris")), "2026-07-01T07:00:00.000Z");
  t.is(iso(parseFdSchedule("20261101090000", "UTC")), "2026-11-01T09:00:00.000Z");
  t.is(iso(parseFdSchedule("20261101090000", "America/New_York")), "2026-11-01T14:00:00.000Z");
});

test("FD 1.6 schedules are GeneralizedTime with a zone, trimmed spellings included", (t) => {
  t.is(iso(parseFdSchedule("20261120080000Z", "Europe/Paris")), "2026-11-20T08:00:00.000Z");
  t.is(iso(parseFdSchedule("2026112008Z", "Europe/Paris")), "2026-11-20T08:00:00.000Z");
  t.is(iso(parseGeneralizedTime("202611200830Z")), "2026-11-20T08:30:00.000Z");
  t.is(iso(parseGeneralizedTime("20261125143000.25Z")), "2026-11-25T14:30:00.250Z");
  t.is(iso(parseGeneralizedTime("20261120100000+0200")), "2026-11-20T08:00:00.000Z");
  t.is(iso(parseGeneralizedTime("20261120030000-05")), "2026-11-20T08:00:00.000Z");
});

test("a fraction belongs to the last unit written, and two-digit years stay in their century", (t) => {
  t.is(iso(parseGeneralizedTime("2024030112.5Z")), "2024-03-01T12:30:00.000Z");
  t.is(iso(parseGeneralizedTime("202403011230.5Z")), "2024-03-01T12:30:30.000Z");
  t.is(parseGeneralizedTime("00500101000000Z")?.getUTCFullYear(), 50);
});

test("garbage and impossible dates are undefined, never a throw", (t) => {
  for (const value of ["", "tomorrow", "20261301090000", "20260231090000", "20261101250000", "2026112008", "20261120080000+2"]) {
    t.is(parseFdSchedule(value, "Europe/Paris"), undefined, value);
  }
  t.is(parseFdSchedule(undefined, "UTC"), undefined);
});

test("fdTasksLastExec wall date-times are read in the FD zone", (t) => {
  t.is(iso(parseFdDateTime("2026-11-27 08:00:03", "Europe/Paris")), "2026-11-27T07:00:03.000Z");
  t.is(iso(parseFdDateTime("20261127070003Z", "Europe/Paris")), "2026-11-27T07:00:03.000Z");
  t.is(parseFdDateTime("27/11/2026", "Europe/Paris"), undefined);
});

test("GeneralizedTime is written the way newest upstream trims it", (t) => {
  t.is(formatGeneralizedTime(new Date("2025-01-01T12:00:00Z")), "2025010112Z");
  t.is(formatGeneralizedTime(new Date("2025-01-01T12:30:00Z")), "202501011230Z");
  t.is(formatGeneralizedTime(new Date("2025-01-01T12:30:15Z")), "20250101123015Z");
  t.is(formatGeneralizedTime(new Date("2025-01-01T12:30:15.250Z")), "20250101123015.25Z");
});
