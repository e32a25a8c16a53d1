import type { PresentContext, SubtaskOutcome, TaskPresenter } from "@fdo/sdk";

/**
 * Upstream's shape of a subtask outcome that carries no detail of the task type's own. `statusUpdate` and `Removed`
 * say what was written: nothing in a dry run.
 */
function defaultJson(outcome: SubtaskOutcome, written: boolean): Record<string, unknown> {
  switch (outcome.kind) {
    case "done":
      return { statusUpdate: written };
    case "nothing":
      return outcome.removed === true ? { Removed: written, nothingToDo: outcome.reason } : { statusUpdate: written, nothingToDo: outcome.reason };
    case "failed":
      return { statusUpdate: written, Error: [outcome.error] };
    case "skipped":
      return { skipped: outcome.reason };
    case "deferred":
      return { skipped: outcome.reason, deferred: true };
    case "unknown":
      return { statusUpdate: written, deliveryUnknown: outcome.reason };
  }
}

/**
 * The JSON of one subtask: the task type's presenter for an outcome with a detail, else the default shape. A dry
 * run's entry says so (`dryRun`, `outcome`) unless the presenter already did.
 */
export function subtaskJson(outcome: SubtaskOutcome, key: string, presenter: TaskPresenter<unknown, unknown> | undefined, context: PresentContext): unknown {
  const nothingToDo = outcome.kind === "nothing" && outcome.removed === true ? "delete" : "status";
  const json =
    outcome.detail !== undefined && presenter?.subtask !== undefined
      ? presenter.subtask({ ...outcome, detail: outcome.detail }, { ...context, key, nothingToDo })
      : defaultJson(outcome, !context.dryRun);
  return context.dryRun && typeof json === "object" && json !== null && !("dryRun" in json) ? { dryRun: true, outcome: outcome.kind, ...json } : json;
}
