// Upstream's answers of the maintenance endpoints (1.1 and newest), built from what the host's jobs did. The texts
// are upstream's literal ones, typos included: scripts match them.
import type { FdGeneration } from "@fdo/fusiondirectory";
import type { Activation } from "../../tasks/maintenance/activate-cyclic-tasks.js";
import type { Removal } from "../../tasks/maintenance/remove-subtasks.js";
import type { RestartResult } from "../../tasks/maintenance/restart-failed-tasks.js";

/** Upstream 1.1's answer when nothing was removed (FD 1.5 data). */
export const NOTHING_REMOVED = ["No completed sub-tasks were removed."] as const;
/** The newest upstream's answer when nothing was removed (FD 1.6 data). */
export const NOTHING_REMOVED_FD16 = ["No completed or nothing-to-process sub-tasks were removed."] as const;
/** Upstream's answer when no main task is repeatable. */
export const NO_REPEATABLE_TASKS = ["No tasks require activation."] as const;
/** Result of a successful activation. */
export const ACTIVATED = "Task has been activated successfully";

/**
 * `{"<dn>": {"result": true}, ...}` (`false` with the error, never a truthy string), or when nothing was removed the
 * list message of the orchestrator that served the directory's `generation`.
 */
export function removalsBody(removals: ReadonlyMap<string, Removal>, generation: FdGeneration | undefined): unknown {
  if (removals.size === 0) return generation === "1.6" ? NOTHING_REMOVED_FD16 : NOTHING_REMOVED;
  return Object.fromEntries([...removals].map(([dn, removal]) => [dn, removal.removed ? { result: true } : { result: false, error: removal.error }]));
}

/** Why subtasks of unknown delivery were left alone, for people reading the answer. */
export const UNKNOWN_SKIPPED_REASON = 'delivery unknown: the mail may have been delivered; check, then restart with {"includeUnknown": true}';

/** `skippedUnknown` (the DNs and why), only when some were left alone: upstream's shapes otherwise. */
function skipped(result: { readonly skippedUnknown: readonly string[] }): Record<string, unknown> {
  return result.skippedUnknown.length === 0 ? {} : { skippedUnknown: { reason: UNKNOWN_SKIPPED_REASON, subtasks: result.skippedUnknown } };
}

/**
 * Newest upstream's shapes: `{updated, errors}`, `{errors: [text]}` for an unknown main task, or `{message}`; plus
 * `skippedUnknown` when subtasks of unknown delivery were left alone.
 */
export function restartBody(result: RestartResult): unknown {
  switch (result.kind) {
    case "restarted":
      return { updated: result.updated, errors: result.errors, ...skipped(result) };
    case "mainTaskNotFound":
      return { errors: [`Main task with cn '${result.taskName}' not found`] };
    case "nothingFailed":
      return { message: "No failed subtasks found to restart.", ...skipped(result) };
  }
}

/** The answer for one task, in the words of the orchestrator that served its generation; `undefined`: no entry. */
function activationJson(activation: Activation): unknown {
  switch (activation.kind) {
    case "beforeSchedule":
      return { Status: `This cyclic task has yet to reach its next ${activation.generation === "1.6" ? "activation" : "execution"} cycle.` };
    case "notDue":
      // The newest upstream leaves a task that is not due out of its answer.
      return activation.generation === "1.6" ? undefined : { lastExecFailed: "This cyclic task has yet to reached its next execution cycle." };
    case "invalid":
      return { error: activation.error };
    case "activated":
      return { result: ACTIVATED };
    case "refused":
      return { result: activation.answer };
    case "unreachable":
      return { result: activation.error };
  }
}

/**
 * `{"<dn>": {...}}` per repeatable task (`result`, `Status`, `lastExecFailed` or `error`), or upstream's list message;
 * `[]` (PHP's empty array) when every task was left out.
 */
export function activationsBody(activations: ReadonlyMap<string, Activation>): unknown {
  if (activations.size === 0) return NO_REPEATABLE_TASKS;
  const entries = [...activations].flatMap(([dn, activation]) => {
    const json = activationJson(activation);
    return json === undefined ? [] : [[dn, json] as const];
  });
  return entries.length === 0 ? [] : Object.fromEntries(entries);
}
