import { isOrchestratorError, LdapConflictError, LdapNoSuchObjectError, LdapUnavailableError, ldapFilter } from "@fdo/sdk";
import { parseStatus } from "../subtask-status.js";
import type { MaintenanceDeps } from "./maintenance-deps.js";

const STATUS = "fdTasksGranularStatus";
const NOT_1_2_3 = `(!(${STATUS}=1))(!(${STATUS}=2))(!(${STATUS}=3))`;

/**
 * What `restartFailedTasks` did: which subtasks went back to `1` and why others did not, or why it did nothing.
 * `skippedUnknown` lists the subtasks of unknown delivery left alone (not asked to include them).
 */
export type RestartResult =
  | { readonly kind: "restarted"; readonly updated: readonly string[]; readonly errors: ReadonlyArray<{ readonly dn: string; readonly error: string }>; readonly skippedUnknown: readonly string[] }
  | { readonly kind: "mainTaskNotFound"; readonly taskName: string }
  | { readonly kind: "nothingFailed"; readonly skippedUnknown: readonly string[] };

/** What the admin asked to restart. */
export interface RestartRequest {
  /** Only the subtasks of the main task with this cn. */
  readonly taskName?: string;
  /** Also the subtasks whose delivery is unknown: the admin's explicit "send again, even twice". */
  readonly includeUnknown?: boolean;
}

/**
 * Whether a subtask that is not 1/2/3 may be restarted: `yes` for error texts; `unknown` for a delivery that may
 * have happened (`delivery unknown: ...`, or a `sending:` marker whose lease ran out: the run died mid-send), which
 * only an explicit `includeUnknown` restarts; `no` for a `claimed:` marker (a live run owns it, and the engine takes
 * over an expired claim itself) and for a retry marker (already due).
 */
function restartability(status: string, nowSeconds: number): "yes" | "unknown" | "no" {
  const state = parseStatus(status);
  if (state.kind === "failed") return "yes";
  if (state.kind === "unknown" || (state.kind === "sending" && state.leaseUntil < nowSeconds)) return "unknown";
  return "no";
}

async function findMainTask(deps: MaintenanceDeps, taskName: string): Promise<string | undefined> {
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: ldapFilter`(&(objectClass=fdTasks)(cn=${taskName}))`, attributes: ["cn"] })) {
    return entry.dn; // upstream takes the first hit; leaving the loop ends the paged search
  }
  return undefined;
}

/**
 * `PATCH /api/tasks/restartFailedTasks` (newest upstream): puts failed subtasks back to status `1`, all of them or
 * those of the main task whose cn is `taskName`; those of unknown delivery only with `includeUnknown`. Each reset is
 * a compare-and-swap of the exact failed value, so a status that changed meanwhile (a run settling it) is reported in
 * `errors` instead of being overwritten.
 */
export async function restartFailedTasks(deps: MaintenanceDeps, request: RestartRequest = {}): Promise<RestartResult> {
  const { taskName } = request;
  let masterFilter = "";
  if (taskName !== undefined) {
    const masterDn = await findMainTask(deps, taskName);
    if (masterDn === undefined) return { kind: "mainTaskNotFound", taskName };
    masterFilter = ldapFilter`(fdTasksGranularMaster=${masterDn})`;
  }
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const candidates: Array<{ dn: string; status: readonly string[] }> = [];
  const skippedUnknown: string[] = [];
  const search = deps.directory.search({ base: deps.ldapBase, filter: `(&(objectClass=fdTasksGranular)${NOT_1_2_3}${masterFilter})`, attributes: [STATUS] });
  for await (const entry of search) {
    const status = entry.values(STATUS);
    const kinds = status.map((value) => restartability(value, nowSeconds));
    if (kinds.includes("unknown") && request.includeUnknown !== true) skippedUnknown.push(entry.dn);
    else if (kinds.includes("yes") || kinds.includes("unknown")) candidates.push({ dn: entry.dn, status });
  }
  if (skippedUnknown.length > 0) deps.logger.info("left subtasks of unknown delivery alone", { taskName, skipped: skippedUnknown.length });
  if (candidates.length === 0) return { kind: "nothingFailed", skippedUnknown };
  const updated: string[] = [];
  const errors: Array<{ dn: string; error: string }> = [];
  for (const candidate of candidates) {
    const error = await resetToDo(deps, candidate.dn, candidate.status);
    if (error === undefined) updated.push(candidate.dn);
    else errors.push({ dn: candidate.dn, error });
  }
  deps.logger.info("restarted failed subtasks", { taskName, updated: updated.length, errors: errors.length });
  return { kind: "restarted", updated, errors, skippedUnknown };
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
