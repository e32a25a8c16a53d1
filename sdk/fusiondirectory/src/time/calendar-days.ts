// Calendar days: dates without a time or a zone, such as SupAnn's `YYYYMMDD` dates or `shadowExpire` (days since
// 1970-01-01). Arithmetic is done on the calendar, never on instants, so month ends, leap years and DST changes
// (23- or 25-hour days) cannot shift a date, and the time of day of a run never changes a count of days.
import { wallTimeAt } from "./zoned-time.js";

/**
 * A day of the proleptic Gregorian calendar, months 1-12: what FusionDirectory writes `YYYYMMDD`
 * (`supannRessourceEtatDate`). Read one with {@link parseYmd}, write one with {@link formatYmd}.
 * @public
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Earliest year written `YYYYMMDD`: four digits, no leading zero. @public */
export const MIN_YMD_YEAR = 1000;
/** Latest year written `YYYYMMDD`. @public */
export const MAX_YMD_YEAR = 9999;

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})(\d{2})(\d{2})$/;

// Date.UTC reads years 0-99 as 1900-1999; setting the full year afterwards does not.
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

function isRealDay(date: CalendarDate): boolean {
  if (!Number.isInteger(date.year) || !Number.isInteger(date.month) || !Number.isInteger(date.day)) return false;
  const check = utcMidnight(date.year, date.month, date.day);
  return check.getUTCFullYear() === date.year && check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day;
}

const inYmdRange = (date: CalendarDate): boolean => date.year >= MIN_YMD_YEAR && date.year <= MAX_YMD_YEAR;

/** Days since 1970-01-01 (negative before), the unit of `shadowExpire`. @public */
export function dayNumber(date: CalendarDate): number {
  return Math.round(utcMidnight(date.year, date.month, date.day).getTime() / DAY_MS);
}

/** The day `number` days after 1970-01-01 (`shadowExpire` to a date). @public */
export function dateOfDayNumber(number: number): CalendarDate {
  const instant = new Date(number * DAY_MS);
  return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() };
}

/** `to - from` in calendar days: 1 for the next day, 0 for the same day, negative when `to` is earlier. @public */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The date the clocks of `timeZone` show at `now`: "today" in FusionDirectory's zone (`fdTimezone`), which changes
 * at local midnight, not at UTC midnight.
 * @public
 */
export function todayIn(now: Date, timeZone: string): CalendarDate {
  const wall = wallTimeAt(now, timeZone);
  return { year: wall.year, month: wall.month, day: wall.day };
}

/**
 * `date` plus `days` calendar days (negative to go back).
 * @throws RangeError when `date` is not a real day, or the result is outside the years {@link MIN_YMD_YEAR} to
 * {@link MAX_YMD_YEAR} (it could not be written `YYYYMMDD`): never a wrong value.
 * @public
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!isRealDay(date) || !inYmdRange(date)) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  const result = dateOfDayNumber(dayNumber(date) + days);
  if (result.year > MAX_YMD_YEAR) throw new RangeError(`${formatYmd(date)} + ${days} days is past year ${MAX_YMD_YEAR}`);
  if (result.year < MIN_YMD_YEAR) throw new RangeError(`${formatYmd(date)} + ${days} days is before year ${MIN_YMD_YEAR}`);
  return result;
}

/**
 * Reads a `YYYYMMDD` date exactly (eight digits, no blanks: trimming is the caller's business): `undefined` for
 * anything else, an impossible day (`20250229`, `20261131`) or a year before {@link MIN_YMD_YEAR}.
 * @public
 */
export function parseYmd(text: string): CalendarDate | undefined {
  const match = YMD.exec(text);
  if (match === null) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return inYmdRange(date) && isRealDay(date) ? date : undefined;
}

/**
 * Writes `YYYYMMDD`, as FusionDirectory stores SupAnn dates.
 * @throws RangeError when `date` is not a real day or its year is outside {@link MIN_YMD_YEAR}-{@link MAX_YMD_YEAR}.
 * @public
 */
export function formatYmd(date: CalendarDate): string {
  if (!isRealDay(date) || !inYmdRange(date)) throw new RangeError(`cannot be written YYYYMMDD: ${JSON.stringify(date)}`);
  return `${pad(date.year, 4)}${pad(date.month, 2)}${pad(date.day, 2)}`;
}

/** `YYYY-MM-DD`, for reports and status texts (any year; never throws). @public */
export function formatIsoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
