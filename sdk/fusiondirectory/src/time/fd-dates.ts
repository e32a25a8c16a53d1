import { instantOfWallTime, type WallTime } from "./zoned-time.js";

const WALL_DIGITS = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/;
const WALL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

function valid(wall: WallTime): boolean {
  const check = new Date(utcMillis(wall));
  return check.getUTCMonth() === wall.month - 1 && check.getUTCDate() === wall.day && wall.hour < 24 && wall.minute < 60 && wall.second < 60;
}

function wallFrom(match: RegExpMatchArray): WallTime {
  const [, year, month, day, hour, minute, second] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
}

/**
 * Parses an LDAP GeneralizedTime with its zone, including FusionDirectory's trimmed spellings (`2024030112Z`,
 * `202403011230Z`, fractions). `undefined` when it is not one.
 * @public
 */
export function parseGeneralizedTime(value: string): Date | undefined {
  const match = GENERALIZED.exec(value.trim());
  if (match === null) return undefined;
  const wall = wallFrom(match);
  if (!valid(wall)) return undefined;
  const zone = match[8] as string;
  const offsetMinutes = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || 0));
  // A fraction belongs to the last unit written (RFC 4517): `2024030112.5Z` is 12:30, not 12:00:00.5.
  const unitMs = match[5] === undefined ? 3_600_000 : match[6] === undefined ? 60_000 : 1000;
  const fraction = match[7] === undefined ? 0 : Math.round(Number(`0.${match[7]}`) * unitMs);
  return new Date(utcMillis(wall) + fraction - offsetMinutes * 60_000);
}

// Date.UTC reads years 0-99 as 1900-1999; setting the full year afterwards does not.
function utcMillis(wall: WallTime): number {
  const date = new Date(Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return date.getTime();
}

/**
 * A subtask or task schedule as FusionDirectory writes it: FD 1.5 `YmdHis` wall time in the FD time zone, or
 * FD 1.6 GeneralizedTime with a zone. `undefined` when unparsable.
 * @public
 */
export function parseFdSchedule(value: string | undefined, timeZone: string): Date | undefined {
  if (value === undefined) return undefined;
  const wall = WALL_DIGITS.exec(value.trim());
  if (wall !== null) {
    const fields = wallFrom(wall);
    return valid(fields) ? instantOfWallTime(fields, timeZone) : undefined;
  }
  return parseGeneralizedTime(value);
}

/** `fdTasksLastExec` as FD writes it (`Y-m-d H:i:s` wall time in the FD zone), or GeneralizedTime. @public */
export function parseFdDateTime(value: string | undefined, timeZone: string): Date | undefined {
  if (value === undefined) return undefined;
  const match = WALL_DATETIME.exec(value.trim());
  if (match === null) return parseGeneralizedTime(value);
  const fields = wallFrom(match);
  return valid(fields) ? instantOfWallTime(fields, timeZone) : undefined;
}

/** GeneralizedTime in UTC as newest upstream writes it: fraction only when non-zero, trailing `00` pairs trimmed (at most two). @public */
export function formatGeneralizedTime(instant: Date): string {
  const iso = instant.toISOString();
  let digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const millis = instant.getUTCMilliseconds();
  if (millis !== 0) return `${digits}.${String(millis).padStart(3, "0").replace(/0+$/, "")}Z`;
  for (let trimmed = 0; trimmed < 2 && digits.endsWith("00"); trimmed += 1) digits = digits.slice(0, -2);
  return `${digits}Z`;
}
