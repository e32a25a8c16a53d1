export const DAY_MS = 86_400_000;

/** The retention of a main task, or why it cannot be used. */
export type Retention = { readonly ok: true; readonly days: number } | { readonly ok: false; readonly error: string };

/**
 * Reads `fdAuditTasksRetention` (days, a whole number ≥ 0; `0` keeps events forever). Upstream cast anything to an
 * integer, so a typo became `0` and (with its absolute day difference) deleted every event.
 */
export function parseRetention(raw: string | undefined): Retention {
  const value = raw?.trim() ?? "";
  if (value === "") return { ok: false, error: "Invalid audit retention: fdAuditTasksRetention is missing on the main task" };
  if (!/^\d+$/.test(value)) return { ok: false, error: `Invalid audit retention "${value}": fdAuditTasksRetention must be a whole number of days (0 keeps audit events forever)` };
  const days = Number(value);
  if (!Number.isSafeInteger(days)) return { ok: false, error: `Invalid audit retention "${value}": too large` };
  return { ok: true, days };
}

/**
 * Events strictly older than this instant are expired: `now` minus `days` whole days. Retentions reaching before
 * the representable dates expire nothing.
 */
export function cutoffOf(now: Date, days: number): number {
  const cutoff = now.getTime() - days * DAY_MS;
  return Number.isFinite(cutoff) && cutoff >= -8.64e15 ? cutoff : Number.NEGATIVE_INFINITY;
}
