import type { DirectoryEntry } from "@fdo/sdk";

/**
 * The FusionDirectory generation whose data a task entry is: `1.5` (served upstream by orchestrator 1.1) or `1.6`
 * (the newest orchestrator). Where the two orchestrators answered differently, the data decides which answer it gets.
 * @public
 */
export type FdGeneration = "1.5" | "1.6";

/**
 * The generation of a subtask, from how its `fdTasksGranularType` is spelt: FusionDirectory 1.5 capitalised it
 * (`Mail Object`, `Life Cycle`, `Notifications`, `Reminder`, `Audit`), 1.6 writes lower camel case (`mail`,
 * `lifeCycle`, `notifications`, `reminder`, `audit`, `auditSyslog`, `archive`...). The capitalised spellings one
 * newest orchestrator revision searched for (`Automatic Groups`, `Dynamic-Group`) read as 1.5, like any other.
 * @public
 */
export function subtaskGeneration(granularType: string): FdGeneration {
  return /^[A-Z]/.test(granularType.trim()) ? "1.5" : "1.6";
}

/**
 * The generation of a main task (`fdTasks`): 1.6 records `fdTasksLastActivation` and writes `fdTasksScheduleDate` as
 * GeneralizedTime with its zone (`20261120080000Z`); 1.5 wrote FusionDirectory's zoneless wall time (`YmdHis`).
 * @public
 */
export function mainTaskGeneration(entry: Pick<DirectoryEntry, "first">): FdGeneration {
  if (entry.first("fdTasksLastActivation") !== undefined) return "1.6";
  return /(Z|[+-]\d{2}(\d{2})?)$/.test(entry.first("fdTasksScheduleDate")?.trim() ?? "") ? "1.6" : "1.5";
}

/**
 * What "nothing to do" does to a subtask: `delete` it as orchestrator 1.1 did on FusionDirectory 1.5 data (which
 * FD 1.5 would otherwise show as an error: it knows no status `3`), or set status `3` as the newest orchestrator does
 * on 1.6 data. `forced` (`TASKS_NOTHING_TO_DO`) applies to every subtask when set.
 * @public
 */
export function nothingToDoTreatment(granularType: string, forced?: "status" | "delete"): "status" | "delete" {
  return forced ?? (subtaskGeneration(granularType) === "1.5" ? "delete" : "status");
}
