import { type FdGeneration, fdObjectPath, mainTaskGeneration } from "@fdo/fusiondirectory";
import { type DirectoryEntry, type FusionDirectoryClient, FusionDirectoryNotConfiguredError, isOrchestratorError, type Logger, sameDn } from "@fdo/sdk";
import { type ActivationDecision, decideActivation } from "./activation-decision.js";
import type { MaintenanceDeps } from "./maintenance-deps.js";

const REPEATABLE = "(&(objectClass=fdTasks)(fdTasksRepeatable=TRUE))";
// fdTasksLastActivation exists only in newest FD's schema; slapd ignores requested attributes it does not know.
const ATTRIBUTES = ["fdTasksRepeatableSchedule", "fdTasksScheduleDate", "fdTasksLastExec", "fdTasksLastActivation"];

/** What became of one repeatable main task. */
export type Activation =
  /** Its start schedule is still in the future. `generation`: of the task, which chooses upstream's wording. */
  | { readonly kind: "beforeSchedule"; readonly generation: FdGeneration }
  /** Its period has not elapsed since its last activation. */
  | { readonly kind: "notDue"; readonly generation: FdGeneration }
  /** Its schedule data cannot be read. */
  | { readonly kind: "invalid"; readonly error: string }
  /** FusionDirectory activated it (it echoed the DN). */
  | { readonly kind: "activated" }
  /** FusionDirectory answered something else: its answer as it came. */
  | { readonly kind: "refused"; readonly answer: unknown }
  /** The call got no answer: the error's client view. */
  | { readonly kind: "unreachable"; readonly error: Readonly<Record<string, unknown>> };

function decide(entry: DirectoryEntry, now: Date, timeZone: string): ActivationDecision {
  return decideActivation(
    {
      repeatSchedule: entry.first("fdTasksRepeatableSchedule"),
      scheduleDate: entry.first("fdTasksScheduleDate"),
      lastActivation: entry.first("fdTasksLastActivation") ?? entry.first("fdTasksLastExec"),
    },
    now,
    timeZone,
  );
}

/**
 * Asks FusionDirectory to activate the task (it generates the next batch of subtasks and updates the last
 * activation): activated when FD echoes the DN, else refused with whatever FD answered; a call that got no answer
 * gives the error's `{code, message}`.
 */
async function activate(fd: FusionDirectoryClient, dn: string, logger: Logger): Promise<Activation> {
  try {
    const response = await fd.call({ method: "PATCH", path: fdObjectPath("tasks", dn), body: { tasks: { fdSubTasksActivation: "TRUE" } } });
    if (response.status >= 200 && response.status < 300 && typeof response.body === "string" && sameDn(response.body, dn)) {
      logger.info("cyclic task activated", { dn });
      return { kind: "activated" };
    }
    logger.warn("FusionDirectory did not activate a cyclic task", { dn, status: response.status });
    return { kind: "refused", answer: response.body ?? `FusionDirectory answered HTTP ${response.status} with no body` };
  } catch (error) {
    logger.warn("cyclic task activation failed", { dn, err: error });
    return { kind: "unreachable", error: isOrchestratorError(error) ? error.toJSON() : { message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * `PATCH /api/tasks/activateCyclicTasks`: for every repeatable main task, decides whether it is due again and, if
 * so, activates it through FusionDirectory's REST API; one task's failure never stops the others. The result is the
 * activation of each repeatable task, in search order (empty: none is repeatable). FusionDirectory is only needed
 * when a task is due: without it configured that is `FDO_ERR_FD_NOT_CONFIGURED`, before anything is activated.
 */
export async function activateCyclicTasks(deps: MaintenanceDeps): Promise<ReadonlyMap<string, Activation>> {
  const timeZone = await deps.store.timeZone();
  const now = deps.clock.now();
  const decisions: Array<{ dn: string; decision: ActivationDecision; generation: FdGeneration }> = [];
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: REPEATABLE, attributes: ATTRIBUTES })) {
    decisions.push({ dn: entry.dn, decision: decide(entry, now, timeZone), generation: mainTaskGeneration(entry) });
  }
  const due = decisions.filter(({ decision }) => decision.kind === "activate").map(({ dn }) => dn);
  if (due.length > 0 && deps.fd === undefined) {
    throw new FusionDirectoryNotConfiguredError(undefined, { details: { dueTasks: due } });
  }
  const activations = new Map<string, Activation>();
  for (const { dn, decision, generation } of decisions) {
    switch (decision.kind) {
      case "before-schedule":
        activations.set(dn, { kind: "beforeSchedule", generation });
        break;
      case "not-due":
        activations.set(dn, { kind: "notDue", generation });
        break;
      case "invalid":
        deps.logger.warn("cyclic task cannot be evaluated", { dn, error: decision.error });
        activations.set(dn, { kind: "invalid", error: decision.error });
        break;
      case "activate":
        // Checked above: a due task with no client threw before anything was activated.
        activations.set(dn, await activate(deps.fd as FusionDirectoryClient, dn, deps.logger));
        break;
    }
  }
  return activations;
}
