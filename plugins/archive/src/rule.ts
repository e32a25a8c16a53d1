// An Archive main task (`objectClass=fdArchiveTasks`) read into the SupAnn state that gets a user archived.
import { hasObjectClass, readSupannTarget, type SupannTarget } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";

/** The main task's attributes the rule is read from. */
export const ARCHIVE_RULE_ATTRIBUTES = {
  resource: ["fdArchiveTaskResource"],
  state: ["fdArchiveTaskState"],
  subState: ["fdArchiveTaskSubState"],
} as const;

/** Attributes to read on the main task. */
export const MAIN_TASK_ATTRIBUTES: readonly string[] = ["objectClass", "cn", "fdArchiveTaskResource", "fdArchiveTaskState", "fdArchiveTaskSubState", "fdTasksRepeatable", "fdTasksRepeatableSchedule"];

export type ArchiveRuleResult = { readonly ok: true; readonly rule: SupannTarget } | { readonly ok: false; readonly error: string };

/**
 * The state a user must be in to be archived: `fdArchiveTaskResource`, `fdArchiveTaskState` and the optional
 * `fdArchiveTaskSubState`. A problem is an error text naming the task and the attribute; every subtask of that task
 * then fails with it and nobody is archived.
 */
export function readArchiveRule(main: DirectoryEntry): ArchiveRuleResult {
  if (!hasObjectClass(main, "fdArchiveTasks")) return { ok: false, error: `Archive task ${main.dn}: it is not an archive task (no objectClass fdArchiveTasks)` };
  const target = readSupannTarget(main, ARCHIVE_RULE_ATTRIBUTES);
  return target.ok ? { ok: true, rule: target.target } : { ok: false, error: `Archive task ${main.dn}: ${target.error}` };
}
