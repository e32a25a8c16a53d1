import { instantOfWallTime, type WallTime, wallTimeAt } from "@fdo/fusiondirectory";

/**
 * How often a repeatable main task is re-activated (`fdTasksRepeatableSchedule`). Calendar periods are counted on
 * FusionDirectory's wall clock, so "Daily" is the same time of day tomorrow even across a DST change (23 or 25
 * hours) and "Monthly" is the same day next month. Hourly and `Minutes:NN` are elapsed time: on the wall clock an
 * hour is ambiguous or missing on DST days.
 */
export type RepeatPeriod = { readonly kind: "calendar"; readonly unit: "year" | "month" | "day"; readonly amount: number } | { readonly kind: "elapsed"; readonly ms: number };

const CALENDAR: Readonly<Record<string, RepeatPeriod>> = {
  yearly: { kind: "calendar", unit: "year", amount: 1 },
  monthly: { kind: "calendar", unit: "month", amount: 1 },
  weekly: { kind: "calendar", unit: "day", amount: 7 },
  daily: { kind: "calendar", unit: "day", amount: 1 },
  hourly: { kind: "elapsed", ms: 3_600_000 },
};

// Newest upstream: exactly two digits, 00-59.
const MINUTES = /^minutes:([0-5]\d)$/i;

/** The schedules FusionDirectory offers, for error messages. */
export const KNOWN_SCHEDULES = "Yearly, Monthly, Weekly, Daily, Hourly or Minutes:NN (00-59)";

/**
 * Parses `fdTasksRepeatableSchedule` (`Yearly`, `Monthly`, `Weekly`, `Daily`, `Hourly`, `Minutes:NN`). The attribute
 * matches case-insensitively in LDAP, so the names do here too. `undefined` for anything else.
 */
export function parseRepeatSchedule(value: string | undefined): RepeatPeriod | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const minutes = MINUTES.exec(text);
  if (minutes !== null) return { kind: "elapsed", ms: Number(minutes[1]) * 60_000 };
  return CALENDAR[text.toLowerCase()];
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function addToWall(wall: WallTime, unit: "year" | "month" | "day", amount: number): WallTime {
  if (unit === "day") {
    const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + amount));
    return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }
  const months = wall.year * 12 + (wall.month - 1) + (unit === "year" ? 12 * amount : amount);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  // Jan 31 + 1 month is Feb 28/29, and Feb 29 + 1 year is Feb 28: the period ends within the target month.
  return { ...wall, year, month, day: Math.min(wall.day, daysInMonth(year, month)) };
}

/**
 * When a task last activated at `lastExec` is due again, with calendar periods counted in `timeZone`. A wall time
 * that falls into a DST gap resolves one offset later (see {@link instantOfWallTime}).
 */
export function nextActivation(lastExec: Date, period: RepeatPeriod, timeZone: string): Date {
  if (period.kind === "elapsed") return new Date(lastExec.getTime() + period.ms);
  return instantOfWallTime(addToWall(wallTimeAt(lastExec, timeZone), period.unit, period.amount), timeZone);
}

/** True when a full period has passed since `lastExec` at `now`. */
export function isPeriodElapsed(lastExec: Date, period: RepeatPeriod, timeZone: string, now: Date): boolean {
  return now.getTime() >= nextActivation(lastExec, period, timeZone).getTime();
}
