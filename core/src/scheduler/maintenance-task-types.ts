import { defineTaskType, type SubtaskOutcome, type TaskRunReport } from "@fdo/sdk";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import { type Activation, activateCyclicTasks } from "../tasks/maintenance/activate-cyclic-tasks.js";
import type { MaintenanceDeps } from "../tasks/maintenance/maintenance-deps.js";
import { type Removal, removeSubTasks } from "../tasks/maintenance/remove-subtasks.js";

/** A maintenance pass's per-entry answers as a run report, so scheduled maintenance is recorded like any run. */
function reportOf<A>(answers: ReadonlyMap<string, A>, outcomeOf: (answer: A) => SubtaskOutcome, durationMs: number): TaskRunReport {
  const results = new Map<string, SubtaskOutcome>();
  for (const [dn, answer] of answers) results.set(dn, outcomeOf(answer));
  const outcomes = [...results.values()];
  const count = (kind: SubtaskOutcome["kind"]): number => outcomes.filter((outcome) => outcome.kind === kind).length;
  const failed = count("failed");
  const skipped = count("nothing") + count("skipped");
  return { summary: { eligible: results.size, processed: results.size, succeeded: count("done"), skipped, failed, durationMs }, results };
}

const removalOutcome = (removal: Removal): SubtaskOutcome => (removal.removed ? { kind: "done" } : { kind: "failed", error: removal.error });

function activationOutcome(activation: Activation): SubtaskOutcome {
  switch (activation.kind) {
    case "activated":
      return { kind: "done" };
    case "invalid":
      return { kind: "failed", error: activation.error };
    case "refused":
      return { kind: "failed", error: "FusionDirectory refused the activation" };
    case "unreachable":
      return { kind: "failed", error: "FusionDirectory is unreachable" };
    default:
      return { kind: "nothing", reason: activation.kind };
  }
}

function hostTaskType(segment: string, pass: () => Promise<TaskRunReport>): RegisteredTaskType {
  return { pluginId: "core", definition: defineTaskType({ segment, deps: {}, run: pass }), run: pass };
}

/**
 * The host's own maintenance endpoints as task types the scheduler can run (`SCHEDULE_REMOVESUBTASKS`,
 * `SCHEDULE_ACTIVATECYCLICTASKS`): the same passes `PATCH /api/tasks/removeSubTasks` and `/activateCyclicTasks` make.
 */
export function maintenanceTaskTypes(deps: MaintenanceDeps): readonly RegisteredTaskType[] {
  const timed = async <A>(pass: () => Promise<ReadonlyMap<string, A>>, outcomeOf: (answer: A) => SubtaskOutcome): Promise<TaskRunReport> => {
    const started = performance.now();
    const answers = await pass();
    return reportOf(answers, outcomeOf, Math.round(performance.now() - started));
  };
  return [
    hostTaskType("removesubtasks", () => timed(() => removeSubTasks(deps), removalOutcome)),
    hostTaskType("activatecyclictasks", () => timed(() => activateCyclicTasks(deps), activationOutcome)),
  ];
}
