/** How the engine reads `fdTasksGranularStatus`. */
export type SubtaskState =
  | { readonly kind: "todo" }
  | { readonly kind: "done" }
  | { readonly kind: "nothing" }
  /** A run owns it until `leaseUntil` (Unix seconds); nothing irreversible happened yet. */
  | { readonly kind: "claimed"; readonly owner: string; readonly leaseUntil: number }
  /** A run is doing something irreversible (sending a mail); never retried automatically. */
  | { readonly kind: "sending"; readonly owner: string; readonly leaseUntil: number }
  | { readonly kind: "failed"; readonly error: string };

const MARKER = /^(claimed|sending):([A-Za-z0-9.-]+):(\d+)$/;

export function parseStatus(value: string): SubtaskState {
  if (value === "1") return { kind: "todo" };
  if (value === "2") return { kind: "done" };
  if (value === "3") return { kind: "nothing" };
  const marker = MARKER.exec(value);
  if (marker !== null) return { kind: marker[1] as "claimed" | "sending", owner: marker[2] as string, leaseUntil: Number(marker[3]) };
  return { kind: "failed", error: value };
}

export const claimedStatus = (owner: string, leaseUntil: number): string => `claimed:${owner}:${leaseUntil}`;
export const sendingStatus = (owner: string, leaseUntil: number): string => `sending:${owner}:${leaseUntil}`;

// Longer texts are cut: FusionDirectory shows the status in lists.
const MAX_ERROR_LENGTH = 1000;

/** An error text safe to store as a status: never empty, never mistaken for 1/2/3 or a marker. */
export function failedStatus(error: string): string {
  const text = error.replace(/\s+/g, " ").trim() || "error";
  const safe = parseStatus(text).kind === "failed" ? text : `error: ${text}`;
  return safe.length > MAX_ERROR_LENGTH ? `${safe.slice(0, MAX_ERROR_LENGTH - 1)}…` : safe;
}

export const INTERRUPTED_ERROR =
  "interrupted while sending (the orchestrator stopped); not retried automatically so nothing is sent twice; restart it with restartFailedTasks";
