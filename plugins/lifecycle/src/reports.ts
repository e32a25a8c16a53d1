// The per-subtask JSON of upstream's PATCH /api/tasks/lifeCycle response, and the outcomes that carry it.
import type { SubtaskOutcome } from "@fdo/sdk";
import type { ValueChange } from "./plan.js";

/** Shows a directory value safely inside a status text (quoted, CR/LF and other controls escaped). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** How the FusionDirectory refresh of the user went. */
export interface RefreshResult {
  readonly ok: boolean;
  /** Upstream's `refreshUser` text. */
  readonly message: string;
}

/** Upstream's `statusUpdate` of a subtask with nothing to do (FD 1.6 wording, true whether it is set to 3 or deleted). */
export const NOTHING_STATUS_UPDATE = "No updates required, nothing to be processed for";

/** Upstream's report of a modified user (`results` is a JSON-encoded string, as upstream sent it), plus the changes. */
export function modifiedReport(userDn: string, changes: readonly ValueChange[], refresh: RefreshResult) {
  return {
    results: JSON.stringify(`Account states have been successfully modified for ${userDn}`),
    refreshUser: refresh.message,
    statusUpdate: "Success",
    changes: changes.map((change) => ({ ...change })),
  };
}

export function modified(userDn: string, changes: readonly ValueChange[], refresh: RefreshResult): SubtaskOutcome {
  return { kind: "done", report: modifiedReport(userDn, changes, refresh) };
}

/** A dry run: the values that would be rewritten. */
export function planned(userDn: string, changes: readonly ValueChange[]): SubtaskOutcome {
  return {
    kind: "done",
    report: {
      dryRun: true,
      results: `Account states would be modified for ${userDn}`,
      changes: changes.map((change) => ({ ...change })),
      refreshUser: `User: ${userDn} would be refreshed.`,
    },
  };
}

/** Status `3` (or deletion, as the host is configured). `reason` says why, for humans. */
export function nothingToDo(reason: string): SubtaskOutcome {
  return { kind: "nothing", reason, report: { results: reason, statusUpdate: NOTHING_STATUS_UPDATE } };
}

/** The status becomes `error`; upstream's `results` text plus the error list every failed report carries. */
export function failed(target: string, error: string): SubtaskOutcome {
  return { kind: "failed", error, report: { results: JSON.stringify(`Error updating ${target}-${error}`), statusUpdate: "Failed", Error: [error] } };
}

