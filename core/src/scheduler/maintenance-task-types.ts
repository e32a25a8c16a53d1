import { defineTaskType, type TaskRunReport } from "@fdo/sdk";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import { activateCyclicTasks } from "../tasks/maintenance/activate-cyclic-tasks.js";
import type { MaintenanceDeps } from "../tasks/maintenance/maintenance-deps.js";
import { activationsReport, removalsReport } from "../tasks/maintenance/maintenance-reports.js";
import { removeSubTasks } from "../tasks/maintenance/remove-subtasks.js";

/** A maintenance pass as a task type the host runs through its run history, which records the pass's report. */
export function maintenanceTaskType<R>(segment: string, pass: () => Promise<R>, reportOf: (answer: R, durationMs: number) => TaskRunReport): RegisteredTaskType {
  const run = async (): Promise<TaskRunReport> => {
    const started = performance.now();
    const answered = await pass();
    return reportOf(answered, Math.round(performance.now() - started));
  };
  return { pluginId: "core", definition: defineTaskType({ segment, deps: {}, run }), run };
}

/**
 * The host's own maintenance endpoints as task types the scheduler can run (`SCHEDULE_REMOVESUBTASKS`,
 * `SCHEDULE_ACTIVATECYCLICTASKS`): the same passes `PATCH /api/tasks/removeSubTasks` and `/activateCyclicTasks` make.
 */
export function maintenanceTaskTypes(deps: MaintenanceDeps): readonly RegisteredTaskType[] {
  return [maintenanceTaskType("removesubtasks", () => removeSubTasks(deps), removalsReport), maintenanceTaskType("activatecyclictasks", () => activateCyclicTasks(deps), activationsReport)];
}
