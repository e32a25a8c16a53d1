// SupAnn dates are calendar days (`YYYYMMDD`) in FusionDirectory's zone (`fdTimezone`). Day arithmetic is done on
// the calendar, never on instants, so month ends, leap years and DST changes cannot shift a date.
import { wallTimeAt } from "@fdo/sdk";

const YMD = /^(\d{4})(\d{2})(\d{2})$/;

/** The largest `fdTasksLifeCyclePostEndDate` accepted (100 years): keeps dates in 4-digit years. */
export const MAX_DAYS = 36_600;

function fields(ymd: string): { year: number; month: number; day: number } | undefined {
  const match = YMD.exec(ymd);
  if (match === null) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

function format(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
}

/** True for a real calendar day written `YYYYMMDD` (year 1000 or later). */
export function isValidYmd(ymd: string): boolean {
  const parts = fields(ymd);
  if (parts === undefined || parts.year < 1000) return false;
  const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  return date.getUTCFullYear() === parts.year && date.getUTCMonth() === parts.month - 1 && date.getUTCDate() === parts.day;
}

/** `ymd` plus `days` calendar days. `ymd` must be valid. */
export function addDays(ymd: string, days: number): string {
  const parts = fields(ymd);
  if (parts === undefined || !isValidYmd(ymd)) throw new RangeError(`not a YYYYMMDD date: ${ymd}`);
  const result = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
  if (result.getUTCFullYear() > 9999) throw new RangeError(`${ymd} + ${days} days is past year 9999`);
  return format(result);
}

/** Today's date in `timeZone` at `now`, `YYYYMMDD`. */
export function todayIn(now: Date, timeZone: string): string {
  const wall = wallTimeAt(now, timeZone);
  return `${pad(wall.year, 4)}${pad(wall.month, 2)}${pad(wall.day, 2)}`;
}

/**
 * True when an end date has passed: upstream's `strtotime(end) <= time()`, i.e. local midnight starting that day is
 * not after now, which is the same as `end <= today` on the calendar. An empty end never passes.
 */
export function hasEnded(end: string, today: string): boolean {
  return end !== "" && end <= today;
}
