import { fdObjectPath } from "@fdo/fusiondirectory";
import { FusionDirectoryNotConfiguredError, isOrchestratorError, sameDn, type DirectoryEntry, type FusionDirectoryClient, type Logger } from "@fdo/sdk";
import { decideActivation, type ActivationDecision } from "./activation-decision.js";
import type { MaintenanceDeps } from "./maintenance-deps.js";

const REPEATABLE = "(&(objectClass=fdTasks)(fdTasksRepeatable=TRUE))";
// fdTasksLastActivation exists only in newest FD's schema; slapd ignores requested attributes it does not know.
const ATTRIBUTES = ["fdTasksRepeatableSchedule", "fdTasksScheduleDate", "fdTasksLastExec", "fdTasksLastActivation"];

// Upstream's literal texts (1.1, typo included: scripts may match them).
/** Result of a successful activation. */
export const ACTIVATED = "Task has been activated successfully";
/** Entry of a task whose start schedule is still in the future. */
export const BEFORE_SCHEDULE = { Status: "This cyclic task has yet to reach its next execution cycle." } as const;
/** Entry of a task whose period has not elapsed since its last activation. */
export const NOT_DUE = { lastExecFailed: "This cyclic task has yet to reached its next execution cycle." } as const;
/** Answer when no main task is repeatable. */
export const NO_REPEATABLE_TASKS = ["No tasks require activation."] as const;

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
 * activation). Upstream's result: the success text when FD echoes the DN, else whatever FD answered; a call that
 * got no answer gives the error's `{code, message}`.
 */
async function activate(fd: FusionDirectoryClient, dn: string, logger: Logger): Promise<unknown> {
  try {
    const response = await fd.call({ method: "PATCH", path: fdObjectPath("tasks", dn), body: { tasks: { fdSubTasksActivation: "TRUE" } } });
    if (response.status >= 200 && response.status < 300 && typeof response.body === "string" && sameDn(response.body, dn)) {
      logger.info("cyclic task activated", { dn });
      return ACTIVATED;
    }
    logger.warn("FusionDirectory did not activate a cyclic task", { dn, status: response.status });
    return response.body ?? `FusionDirectory answered HTTP ${response.status} with no body`;
  } catch (error) {
    logger.warn("cyclic task activation failed", { dn, err: error });
    return isOrchestratorError(error) ? error.toJSON() : { message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `PATCH /api/tasks/activateCyclicTasks`: for every repeatable main task, decides whether it is due again and, if
 * so, activates it through FusionDirectory's REST API; one task's failure never stops the others. The answer is
 * upstream's `{"<dn>": {...}}` (`result`, `Status`, `lastExecFailed`, or `error` for data upstream could not read),
 * or `["No tasks require activation."]`. FusionDirectory is only needed when a task is due: without it configured
 * that is `FDO_ERR_FD_NOT_CONFIGURED`, before anything is activated.
 */
export async function activateCyclicTasks(deps: MaintenanceDeps): Promise<Record<string, unknown> | readonly string[]> {
  const timeZone = await deps.store.timeZone();
  const now = deps.clock.now();
  const decisions: Array<{ dn: string; decision: ActivationDecision }> = [];
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: REPEATABLE, attributes: ATTRIBUTES })) {
    decisions.push({ dn: entry.dn, decision: decide(entry, now, timeZone) });
  }
  if (decisions.length === 0) return NO_REPEATABLE_TASKS;
  const due = decisions.filter(({ decision }) => decision.kind === "activate").map(({ dn }) => dn);
  if (due.length > 0 && deps.fd === undefined) {
    throw new FusionDirectoryNotConfiguredError(undefined, { details: { dueTasks: due } });
  }
  const body: Record<string, unknown> = {};
  for (const { dn, decision } of decisions) {
    switch (decision.kind) {
      case "before-schedule":
        body[dn] = BEFORE_SCHEDULE;
        break;
      case "not-due":
        body[dn] = NOT_DUE;
        break;
      case "invalid":
        deps.logger.warn("cyclic task cannot be evaluated", { dn, error: decision.error });
        body[dn] = { error: decision.error };
        break;
      case "activate":
        // Checked above: a due task with no client threw before anything was activated.
        body[dn] = { result: await activate(deps.fd as FusionDirectoryClient, dn, deps.logger) };
        break;
    }
  }
  return body;
}
