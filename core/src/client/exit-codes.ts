/**
 * Exit codes of fusiondirectory-orchestrator-client (documented in `--help` and the README). Usage and
 * configuration follow the server CLI (sysexits.h); the others tell cron what went wrong.
 */
export const CLIENT_EXIT = {
  /** Every call succeeded (including "nothing to process" and anti-spam answers). */
  ok: 0,
  /** A call failed: an error status from the server, or the server could not be reached, timed out, TLS failed. */
  server: 1,
  /** Every call was answered, but the server reported subtasks that failed. */
  partial: 2,
  /** Bad command line. */
  usage: 64,
  /** Login refused, or a token refused even after a refresh and a new login (EX_NOPERM). */
  auth: 77,
  /** Configuration missing or invalid (URL, login, password, CA file, log file). */
  config: 78,
  /** Interrupted by SIGINT / SIGTERM (128 + signal number). */
  interrupted: 130,
  terminated: 143,
} as const;

export type ClientExitCode = (typeof CLIENT_EXIT)[keyof typeof CLIENT_EXIT];

/** Outcome of one call, from best to worst for the exit code. */
export type CallOutcome = "ok" | "partial" | "server" | "auth";

const SEVERITY: Record<CallOutcome, number> = { ok: 0, partial: 1, server: 2, auth: 3 };

/** The worse of two outcomes: auth beats server failure, which beats partial failure. */
export function worse(a: CallOutcome, b: CallOutcome): CallOutcome {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

export function exitCodeOf(outcome: CallOutcome): ClientExitCode {
  return CLIENT_EXIT[outcome];
}
