// A move whose FusionDirectory refresh failed is remembered on its subtask, so that restarting the failed subtask
// (restartFailedTasks only resets the status to 1) refreshes the user instead of deciding anew: once moved, the
// user no longer matches the rule, and the refresh would otherwise never happen.
//
// The memory is `fdTasksGranularHelper` (core-fd.schema since FD 1.5, used only by Reminder subtasks): one value
// per state the move wrote, `lifeCycleRefreshPending:<new supannRessourceEtatDate value>`.
import { type Directory, errorText, type Subtask } from "@fdo/sdk";

const ATTRIBUTE = "fdTasksGranularHelper";
const PREFIX = "lifeCycleRefreshPending:";

/** The values a previous run of this subtask wrote on the user before its refresh failed (none: nothing pending). */
export function pendingValues(subtask: Subtask): string[] {
  return subtask.entry.values(ATTRIBUTE).flatMap((value) => (value.startsWith(PREFIX) ? [value.slice(PREFIX.length)] : []));
}

/** True when the user still holds every value the pending move wrote: the move is done, only the refresh is missing. */
export function alreadyMoved(current: readonly string[], pending: readonly string[]): boolean {
  const held = new Set(current.map((value) => value.toLowerCase()));
  return pending.length > 0 && pending.every((value) => held.has(value.toLowerCase()));
}

/**
 * Records the pending refresh on the subtask. Returns why it could not be recorded (a restart would then find
 * nothing to do), `undefined` when it was.
 */
export async function recordPending(directory: Directory, subtask: Subtask, written: readonly string[]): Promise<string | undefined> {
  const old = subtask.entry.values(ATTRIBUTE).filter((value) => value.startsWith(PREFIX));
  try {
    await directory.modify(subtask.dn, [
      ...(old.length === 0 ? [] : [{ operation: "delete" as const, attribute: ATTRIBUTE, values: old }]),
      { operation: "add", attribute: ATTRIBUTE, values: [...new Set(written)].map((value) => `${PREFIX}${value}`) },
    ]);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

/** Forgets a pending refresh once done. Best effort: a value left behind only names states the user holds anyway. */
export async function clearPending(directory: Directory, subtask: Subtask): Promise<string | undefined> {
  const old = subtask.entry.values(ATTRIBUTE).filter((value) => value.startsWith(PREFIX));
  if (old.length === 0) return undefined;
  try {
    await directory.modify(subtask.dn, [{ operation: "delete", attribute: ATTRIBUTE, values: old }]);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}
