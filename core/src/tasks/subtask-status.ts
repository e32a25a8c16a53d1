/** How the engine reads `fdTasksGranularStatus`. */
export type SubtaskState =
  | { readonly kind: "todo" }
  | { readonly kind: "done" }
  | { readonly kind: "nothing" }
  /** A run owns it until `leaseUntil` (Unix seconds); nothing irreversible happened yet. */
  | { readonly kind: "claimed"; readonly owner: string; readonly leaseUntil: number }
  /** A run is doing something irreversible (sending a mail); never retried automatically. */
  | { readonly kind: "sending"; readonly owner: string; readonly leaseUntil: number }
  /** Refused for now (SMTP 4xx) `attempts` times: due again at its schedule, until `TASKS_MAX_ATTEMPTS`. */
  | { readonly kind: "retry"; readonly attempts: number; readonly error: string }
  /** It may have been done (a mail that may have been delivered): never redone without the admin's say. */
  | { readonly kind: "unknown"; readonly error: string }
  | { readonly kind: "failed"; readonly error: string };

const MARKER = /^(claimed|sending):([A-Za-z0-9.-]+):(\d+)$/;
// The attempt count lives in the status itself: fdTasksGranular has no free attribute for it (see README).
const RETRY = /^retry:(\d+):\s?([\s\S]*)$/;
const UNKNOWN_PREFIX = "delivery unknown: ";

export function parseStatus(value: string): SubtaskState {
  if (value === "1") return { kind: "todo" };
  if (value === "2") return { kind: "done" };
  if (value === "3") return { kind: "nothing" };
  const marker = MARKER.exec(value);
  if (marker !== null) return { kind: marker[1] as "claimed" | "sending", owner: marker[2] as string, leaseUntil: Number(marker[3]) };
  const retry = RETRY.exec(value);
  if (retry !== null) return { kind: "retry", attempts: Number(retry[1]), error: retry[2] as string };
  if (value.startsWith(UNKNOWN_PREFIX)) return { kind: "unknown", error: value.slice(UNKNOWN_PREFIX.length) };
  return { kind: "failed", error: value };
}

export const claimedStatus = (owner: string, leaseUntil: number): string => `claimed:${owner}:${leaseUntil}`;
export const sendingStatus = (owner: string, leaseUntil: number): string => `sending:${owner}:${leaseUntil}`;

// Longer texts are cut: FusionDirectory shows the status in lists.
const MAX_ERROR_LENGTH = 1000;

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();
const capped = (text: string): string => (text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text);

/** An error text safe to store as a status: never empty, never mistaken for 1/2/3, a marker or an unknown delivery. */
export function failedStatus(error: string): string {
  const text = oneLine(error) || "error";
  return capped(parseStatus(text).kind === "failed" ? text : `error: ${text}`);
}

/** The status of work that may have been done: `delivery unknown: <reason>`. */
export const unknownStatus = (reason: string): string => capped(`${UNKNOWN_PREFIX}${oneLine(reason) || "unknown"}`);

/** The status of work refused for now `attempts` times: due again, the count kept for `TASKS_MAX_ATTEMPTS`. */
export const retryStatus = (attempts: number, reason: string): string => capped(`retry:${attempts}: ${oneLine(reason)}`);

/** Attempts already made on a subtask, read from the status it had before this run claimed it. */
export function attemptsOf(status: string): number {
  const state = parseStatus(status);
  return state.kind === "retry" ? state.attempts : 0;
}

export const INTERRUPTED_ERROR =
  'interrupted while sending (the orchestrator stopped): the mail may have been delivered, so it is not sent again; check, then restart it with restartFailedTasks and {"includeUnknown": true}';
