// Pure password-expiry arithmetic: no I/O, so it is unit-tested without a directory.
import { parseGeneralizedTime } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";

const DAY_MS = 86_400_000;
/** shadowMax at or above this means "never expires" (Debian's 99999 default). */
export const SHADOW_NEVER = 99_999;

/** Days since 1970-01-01 (UTC) of an instant, as shadow(5) counts them. */
export function dayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The password lifetimes that apply to a user, in the order they are looked for. */
export interface MaxAges {
  /** `pwdMaxAge` of the user's ppolicy entry, in seconds (`0` = never), when one applies. */
  readonly policySeconds: number | undefined;
  /** `PASSWORD_EXPIRY_MAX_AGE_DAYS`. */
  readonly configuredDays: number | undefined;
}

/** When a user's password expires, or why that cannot be said. */
export type Expiry =
  | { readonly kind: "expires"; readonly day: number; readonly source: "pwdChangedTime" | "shadowLastChange" }
  | { readonly kind: "never"; readonly reason: string }
  | { readonly kind: "mustChange" }
  | { readonly kind: "unknown"; readonly reason: string };

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * The expiry day of a user's password. ppolicy first (`pwdChangedTime` + the policy's `pwdMaxAge`, else the configured
 * max age), then shadow (`shadowLastChange` + `shadowMax`, else the configured max age).
 */
export function expiryOf(user: DirectoryEntry, maxAges: MaxAges): Expiry {
  const changedTime = user.first("pwdChangedTime");
  if (changedTime !== undefined) {
    const changed = parseGeneralizedTime(changedTime);
    if (changed === undefined) return { kind: "unknown", reason: `pwdChangedTime "${changedTime}" is not a GeneralizedTime` };
    const seconds = maxAges.policySeconds ?? (maxAges.configuredDays === undefined ? undefined : maxAges.configuredDays * 86_400);
    if (seconds === undefined) return { kind: "never", reason: "no pwdMaxAge and no PASSWORD_EXPIRY_MAX_AGE_DAYS" };
    if (seconds <= 0) return { kind: "never", reason: "pwdMaxAge is 0" };
    return { kind: "expires", day: dayNumber(new Date(changed.getTime() + seconds * 1000)), source: "pwdChangedTime" };
  }
  const lastChange = integer(user.first("shadowLastChange"));
  if (lastChange === undefined) return { kind: "unknown", reason: "no pwdChangedTime and no usable shadowLastChange" };
  if (lastChange === 0) return { kind: "mustChange" };
  const shadowMax = integer(user.first("shadowMax"));
  const maxDays = shadowMax ?? maxAges.configuredDays;
  if (maxDays === undefined) return { kind: "never", reason: "no shadowMax and no PASSWORD_EXPIRY_MAX_AGE_DAYS" };
  if (maxDays < 0 || maxDays >= SHADOW_NEVER) return { kind: "never", reason: `shadowMax is ${maxDays}` };
  return { kind: "expires", day: lastChange + maxDays, source: "shadowLastChange" };
}

/**
 * The reminder due for a password with `daysLeft` days to go: the smallest lead time it is within. When runs were
 * missed, the larger lead times it has passed are superseded, so a user never gets two reminders on one day.
 * `undefined` when it is further away than every lead time.
 */
export function leadFor(daysLeft: number, leadDays: readonly number[]): number | undefined {
  return [...leadDays].sort((a, b) => a - b).find((lead) => daysLeft <= lead);
}
