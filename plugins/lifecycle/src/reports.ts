// What a life cycle subtask came to, and upstream's per-subtask JSON of PATCH /api/tasks/lifeCycle built from it.
import type { SubtaskOutcome, TaskPresenter } from "@fdo/sdk";
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

/** The life cycle task's account of one subtask. */
export type LifeCycleDetail =
  | { readonly kind: "modified"; readonly userDn: string; readonly changes: readonly ValueChange[]; readonly refresh: RefreshResult }
  /** A dry run: the values that would be rewritten. */
  | { readonly kind: "planned"; readonly userDn: string; readonly changes: readonly ValueChange[] }
  | { readonly kind: "nothing"; readonly reason: string }
  /** `target` is the user (or the subtask when there is no user). */
  | { readonly kind: "failed"; readonly target: string; readonly error: string };

type LifeCycleOutcome = SubtaskOutcome<LifeCycleDetail>;

export function modified(userDn: string, changes: readonly ValueChange[], refresh: RefreshResult): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "modified", userDn, changes, refresh }, executedFor: [userDn] };
}

export function planned(userDn: string, changes: readonly ValueChange[]): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "planned", userDn, changes } };
}

/** Status `3` (or deletion, as the host is configured). `reason` says why, for humans. */
export function nothingToDo(reason: string): LifeCycleOutcome {
  return { kind: "nothing", reason, detail: { kind: "nothing", reason } };
}

/** The status becomes `error`. */
export function failed(target: string, error: string): LifeCycleOutcome {
  return { kind: "failed", error, detail: { kind: "failed", target, error } };
}

/** Upstream's report of a modified user (`results` is a JSON-encoded string, as upstream sent it), plus the changes. */
export function modifiedReport(userDn: string, changes: readonly ValueChange[], refresh: RefreshResult) {
  return {
    results: JSON.stringify(`Account states have been successfully modified for ${userDn}`),
    refreshUser: refresh.message,
    statusUpdate: "Success",
    changes: changes.map((change) => ({ ...change })),
  };
}

/** Upstream's JSON of a life cycle subtask, keyed by its DN. */
export const presentLifeCycle: TaskPresenter<LifeCycleDetail, unknown> = {
  subtask({ detail }) {
    switch (detail.kind) {
      case "modified":
        return modifiedReport(detail.userDn, detail.changes, detail.refresh);
      case "planned":
        return {
          dryRun: true,
          results: `Account states would be modified for ${detail.userDn}`,
          changes: detail.changes.map((change) => ({ ...change })),
          refreshUser: `User: ${detail.userDn} would be refreshed.`,
        };
      case "nothing":
        return { results: detail.reason, statusUpdate: NOTHING_STATUS_UPDATE };
      case "failed":
        // Upstream's `results` text plus the error list every failed report carries.
        return { results: JSON.stringify(`Error updating ${detail.target}-${detail.error}`), statusUpdate: "Failed", Error: [detail.error] };
    }
  },
};
