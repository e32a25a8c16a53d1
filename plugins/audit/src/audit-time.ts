import { parseGeneralizedTime } from "@fdo/fusiondirectory";

/**
 * An `fdAuditDateTime` read as an instant. FusionDirectory writes UTC GeneralizedTime with the microseconds of PHP's
 * `microtime()` (`20261125143000.25Z`) and, when there is no fraction, trims trailing `00` pairs (`2024030112Z`):
 * both spellings of one instant give the same {@link AuditTime.key}.
 */
export interface AuditTime {
  /** The instant, truncated to the millisecond. */
  readonly instant: Date;
  /**
   * `YYYYMMDDHHMMSS` (UTC) followed by nine digits of nanoseconds: ordered like the instants, equal for equal
   * instants, whatever the spelling. Keeps the microseconds that `instant` drops.
   */
  readonly key: string;
}

const SPELLING = /^(\d{10}(?:\d{2}(?:\d{2})?)?)(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?:\d{2})?)$/;
const UNIT_SECONDS: Readonly<Record<number, number>> = { 10: 3600, 12: 60, 14: 1 };

/** Parses an `fdAuditDateTime`; `undefined` when it is not a GeneralizedTime with a zone. */
export function parseAuditTime(value: string | undefined): AuditTime | undefined {
  if (value === undefined) return undefined;
  const match = SPELLING.exec(value.trim());
  if (match === null) return undefined;
  const [, digits = "", fraction, zone = "Z"] = match;
  const whole = parseGeneralizedTime(`${digits}${zone}`);
  if (whole === undefined) return undefined;
  // A fraction belongs to the last unit written (X.680): `2024030112.5Z` is 12:30. FD only ever writes seconds.
  const unitSeconds = UNIT_SECONDS[digits.length] ?? 1;
  let nanos = 0;
  let wholeMs = whole.getTime();
  if (fraction !== undefined) {
    if (unitSeconds === 1) {
      nanos = Number(fraction.padEnd(9, "0"));
    } else {
      const totalNanos = Math.round(Number(`0.${fraction}`) * unitSeconds * 1e9);
      wholeMs += Math.floor(totalNanos / 1e9) * 1000;
      nanos = totalNanos % 1e9;
    }
  }
  const instant = new Date(wholeMs + Math.floor(nanos / 1e6));
  const seconds = new Date(wholeMs).toISOString().slice(0, 19).replace(/[-T:]/g, "");
  return { instant, key: `${seconds}${String(nanos).padStart(9, "0")}` };
}

/**
 * GeneralizedTime one second before the whole second of `key` (`20261125142959Z` for `20261125143000.25…`): every
 * event at `key` or later is `> ` it, so `(!(fdAuditDateTime<=<it>))` narrows a search server-side. (slapd answers
 * `>=` on an `eq`-indexed GeneralizedTime with an index range scan per page: seconds per page at 100,000 events.)
 */
export function secondBefore(key: string): string {
  const date = new Date(0);
  date.setUTCFullYear(Number(key.slice(0, 4)), Number(key.slice(4, 6)) - 1, Number(key.slice(6, 8)));
  date.setUTCHours(Number(key.slice(8, 10)), Number(key.slice(10, 12)), Number(key.slice(12, 14)) - 1, 0);
  if (date.getUTCFullYear() < 0) return "00000101000000Z";
  return `${date.toISOString().slice(0, 19).replace(/[-T:]/g, "")}Z`;
}

/** RFC 5424 / RFC 3339 UTC timestamp of `key`, microseconds at most (`2026-11-25T14:30:00.25Z`). */
export function rfc3339Of(key: string): string {
  const date = `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;
  const time = `${key.slice(8, 10)}:${key.slice(10, 12)}:${key.slice(12, 14)}`;
  const fraction = key.slice(14, 20).replace(/0+$/, "");
  return `${date}T${time}${fraction === "" ? "" : `.${fraction}`}Z`;
}
