import { LdapConflictError, LdapNoSuchObjectError, LdapUnavailableError, isOrchestratorError, ldapFilter } from "@fdo/sdk";
import { parseStatus } from "../subtask-status.js";
import type { MaintenanceDeps } from "./maintenance-deps.js";

const STATUS = "fdTasksGranularStatus";
const NOT_1_2_3 = `(!(${STATUS}=1))(!(${STATUS}=2))(!(${STATUS}=3))`;

/** What `restartFailedTasks` did: which subtasks went back to `1` and why others did not, or why it did nothing. */
export type RestartResult =
  | { readonly kind: "restarted"; readonly updated: readonly string[]; readonly errors: ReadonlyArray<{ readonly dn: string; readonly error: string }> }
  | { readonly kind: "mainTaskNotFound"; readonly taskName: string }
  | { readonly kind: "nothingFailed" };

/**
 * Whether a subtask that is not 1/2/3 may be restarted. Error texts may. A `claimed:` marker never: a live run owns
 * it, and the engine takes over an expired claim itself (nothing irreversible happened yet). A `sending:` marker
 * only once its lease has run out: the run died mid-send and the engine reports it as interrupted; restarting is
 * the admin's explicit "send again".
 */
function isRestartable(status: string, nowSeconds: number): boolean {
  const state = parseStatus(status);
  if (state.kind === "failed") return true;
  return state.kind === "sending" && state.leaseUntil < nowSeconds;
}

async function findMainTask(deps: MaintenanceDeps, taskName: string): Promise<string | undefined> {
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: ldapFilter`(&(objectClass=fdTasks)(cn=${taskName}))`, attributes: ["cn"] })) {
    return entry.dn; // upstream takes the first hit; leaving the loop ends the paged search
  }
  return undefined;
}

/**
 * `PATCH /api/tasks/restartFailedTasks` (newest upstream): puts failed subtasks back to status `1`, all of them or
 * those of the main task whose cn is `taskName`. Each reset is a compare-and-swap of the exact failed value, so a
 * status that changed meanwhile (a run settling it) is reported in `errors` instead of being overwritten.
 */
export async function restartFailedTasks(deps: MaintenanceDeps, taskName?: string): Promise<RestartResult> {
  let masterFilter = "";
  if (taskName !== undefined) {
    const masterDn = await findMainTask(deps, taskName);
    if (masterDn === undefined) return { kind: "mainTaskNotFound", taskName };
    masterFilter = ldapFilter`(fdTasksGranularMaster=${masterDn})`;
  }
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const candidates: Array<{ dn: string; status: readonly string[] }> = [];
  const search = deps.directory.search({ base: deps.ldapBase, filter: `(&(objectClass=fdTasksGranular)${NOT_1_2_3}${masterFilter})`, attributes: [STATUS] });
  for await (const entry of search) {
    const status = entry.values(STATUS);
    if (status.some((value) => isRestartable(value, nowSeconds))) candidates.push({ dn: entry.dn, status });
  }
  if (candidates.length === 0) return { kind: "nothingFailed" };
  const updated: string[] = [];
  const errors: Array<{ dn: string; error: string }> = [];
  for (const candidate of candidates) {
    const error = await resetToDo(deps, candidate.dn, candidate.status);
    if (error === undefined) updated.push(candidate.dn);
    else errors.push({ dn: candidate.dn, error });
  }
  deps.logger.info("restarted failed subtasks", { taskName, updated: updated.length, errors: errors.length });
  return { kind: "restarted", updated, errors };
}

/** `undefined` on success, else why not. */
async function resetToDo(deps: MaintenanceDeps, dn: string, status: readonly string[]): Promise<string | undefined> {
  try {
    // Deleting every value read (the attribute is multi-valued in the schema) and adding `1` in one modify leaves
    // exactly `1`, and fails if any of those values is gone.
    await deps.directory.modify(dn, [
      { operation: "delete", attribute: STATUS, values: status },
      { operation: "add", attribute: STATUS, values: ["1"] },
    ]);
    return undefined;
  } catch (error) {
    if (isOrchestratorError(error) && error.code === LdapConflictError.code) return "status changed meanwhile; not restarted";
    if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return "subtask no longer exists";
    // A lost directory would fail every remaining reset the same way: answer 503 at once (a rerun is safe).
    if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
    deps.logger.warn("could not restart a failed subtask", { dn, err: error });
    return error instanceof Error ? error.message : String(error);
  }
}
