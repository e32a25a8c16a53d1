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
  /** Why it failed (FusionDirectory's answer or the transport error), when it did. */
  readonly reason?: string;
}

/** The newest upstream's `statusUpdate` of a subtask with nothing to do, set to status 3 (FD 1.6 data). */
export const NOTHING_STATUS_UPDATE = "No updates required, nothing to be processed for";
/** Upstream 1.1's `statusUpdate` of a subtask with nothing to do, deleted (FD 1.5 data). */
export const NOTHING_REMOVED_UPDATE = "No updates required, sub-task will be removed.";
/** `statusUpdate` of a successful subtask. */
export const SUCCESS_UPDATE = "Success";

/** The life cycle task's account of one subtask. */
export type LifeCycleDetail =
  | { readonly kind: "modified"; readonly userDn: string; readonly changes: readonly ValueChange[]; readonly refresh: RefreshResult }
  /** Moved, but FusionDirectory could not refresh the user: failed, the refresh pending until the subtask is restarted. */
  | { readonly kind: "pending"; readonly userDn: string; readonly changes: readonly ValueChange[]; readonly refresh: RefreshResult; readonly error: string }
  /** A restarted subtask whose move was already done: only the refresh was (or, in a dry run, would be) performed. */
  | { readonly kind: "refreshed"; readonly userDn: string; readonly values: readonly string[]; readonly refresh: RefreshResult | undefined }
  /** A dry run: the values that would be rewritten. */
  | { readonly kind: "planned"; readonly userDn: string; readonly changes: readonly ValueChange[] }
  | { readonly kind: "nothing"; readonly reason: string }
  /** Account closure found nothing to lock: the newest upstream's status `2` on FD 1.6 data. */
  | { readonly kind: "closureNotNeeded"; readonly reason: string }
  /** `target` is the user (or the subtask when there is no user). */
  | { readonly kind: "failed"; readonly target: string; readonly error: string };

type LifeCycleOutcome = SubtaskOutcome<LifeCycleDetail>;

export function modified(userDn: string, changes: readonly ValueChange[], refresh: RefreshResult): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "modified", userDn, changes, refresh }, executedFor: [userDn] };
}

/**
 * The move happened (now, or in an earlier run of this restarted subtask: `changes` is then empty and `values` the
 * states it wrote) but the refresh failed: the status says so and that a restart performs only the refresh (the
 * subtask remembers it, see refresh-pending.ts). `unrecorded` is why that memory could not be written, if it could not.
 */
export function refreshPending(userDn: string, moved: { readonly changes: readonly ValueChange[]; readonly values: readonly string[] }, refresh: RefreshResult, unrecorded?: string): LifeCycleOutcome {
  const what =
    moved.changes.length > 0
      ? `State moved for ${userDn} (${moved.changes.map((change) => `${change.before} -> ${change.after}`).join(", ")})`
      : `State moved earlier for ${userDn} (${moved.values.join(", ")})`;
  const next =
    unrecorded === undefined
      ? "restart this subtask (restartFailedTasks) to perform only the refresh"
      : `the pending refresh could not be recorded on the subtask (${unrecorded}), so a restart finds nothing to do: save the user in FusionDirectory`;
  const error = `${what}; FusionDirectory refresh pending (${refresh.reason ?? refresh.message}): ${next}`;
  return { kind: "failed", error, detail: { kind: "pending", userDn, changes: moved.changes, refresh, error } };
}

/** A restarted subtask: its move was already done, the refresh succeeded now. */
export function refreshed(userDn: string, values: readonly string[], refresh: RefreshResult): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "refreshed", userDn, values, refresh } };
}

/** A dry run of a restarted subtask whose move is already done: it would only refresh. */
export function plannedRefresh(userDn: string, values: readonly string[]): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "refreshed", userDn, values, refresh: undefined } };
}

export function planned(userDn: string, changes: readonly ValueChange[]): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "planned", userDn, changes } };
}

/** Status `3` (or deletion, as the host is configured). `reason` says why, for humans. */
export function nothingToDo(reason: string): LifeCycleOutcome {
  return { kind: "nothing", reason, detail: { kind: "nothing", reason } };
}

/** Status `2` without a change: account closure had nothing to lock (FD 1.6 data, as the newest upstream). */
export function closureNotNeeded(reason: string): LifeCycleOutcome {
  return { kind: "done", detail: { kind: "closureNotNeeded", reason } };
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
    statusUpdate: SUCCESS_UPDATE,
    changes: changes.map((change) => ({ ...change })),
  };
}

/** Upstream's JSON of a life cycle subtask, keyed by its DN. */
export const presentLifeCycle: TaskPresenter<LifeCycleDetail, unknown> = {
  subtask({ detail }, { nothingToDo }) {
    switch (detail.kind) {
      case "modified":
        return modifiedReport(detail.userDn, detail.changes, detail.refresh);
      case "pending":
        return {
          results: JSON.stringify(`Account states ${detail.changes.length > 0 ? "have been successfully" : "had already been"} modified for ${detail.userDn}`),
          refreshUser: detail.refresh.message,
          statusUpdate: "Failed",
          changes: detail.changes.map((change) => ({ ...change })),
          Error: [detail.error],
        };
      case "refreshed":
        return detail.refresh === undefined
          ? { dryRun: true, results: `Account states already modified for ${detail.userDn}`, values: [...detail.values], refreshUser: `User: ${detail.userDn} would be refreshed.` }
          : {
              results: JSON.stringify(`Account states had already been modified for ${detail.userDn}; only the pending refresh was done`),
              refreshUser: detail.refresh.message,
              statusUpdate: "Success",
              changes: [],
            };
      case "planned":
        return {
          dryRun: true,
          results: `Account states would be modified for ${detail.userDn}`,
          changes: detail.changes.map((change) => ({ ...change })),
          refreshUser: `User: ${detail.userDn} would be refreshed.`,
        };
      case "nothing":
        return { results: detail.reason, statusUpdate: nothingToDo === "delete" ? NOTHING_REMOVED_UPDATE : NOTHING_STATUS_UPDATE };
      case "closureNotNeeded":
        return { results: detail.reason, statusUpdate: SUCCESS_UPDATE };
      case "failed":
        // Upstream's `results` text plus the error list every failed report carries.
        return { results: JSON.stringify(`Error updating ${detail.target}-${detail.error}`), statusUpdate: "Failed", Error: [detail.error] };
    }
  },
};
