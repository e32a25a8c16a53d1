// Calendar-day arithmetic for expiry dates. SupAnn end dates (`Ymd`) and `shadowExpire` (days since 1970-01-01) are
// dates without a time, so "days left" is a difference of calendar days between today in FusionDirectory's time zone
// (`fdTimezone`) and the end day. Counting in calendar days, never in 24-hour periods, keeps DST changes (23- or
// 25-hour days) and the time of day of the run out of the result.
import { wallTimeAt } from "@fdo/sdk";

/** A day of the proleptic Gregorian calendar, months 1-12. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (negative before). */
export function dayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The day `number` days after 1970-01-01. */
export function dateOfDayNumber(number: number): CalendarDate {
  const instant = new Date(number * DAY_MS);
  return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() };
}

/** `to - from` in calendar days: 1 for tomorrow, 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date the clocks of `timeZone` show at `instant` ("today" in FusionDirectory's zone). */
export function calendarDateAt(instant: Date, timeZone: string): CalendarDate {
  const wall = wallTimeAt(instant, timeZone);
  return { year: wall.year, month: wall.month, day: wall.day };
}

/** Parses `YYYYMMDD` (as in `supannRessourceEtatDate`); `undefined` for anything else or an impossible date. */
export function parseYmd(text: string): CalendarDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = dateOfDayNumber(dayNumber(date));
  return check.year === date.year && check.month === date.month && check.day === date.day ? date : undefined;
}

/** `YYYY-MM-DD`, for reports. */
export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
