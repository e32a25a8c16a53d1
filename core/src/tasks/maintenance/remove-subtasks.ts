import { LdapNoSuchObjectError, LdapUnavailableError, isOrchestratorError } from "@fdo/sdk";
import type { MaintenanceDeps } from "./maintenance-deps.js";

// Status 2 (done) and 3 (nothing to do): newest upstream clears both; failures stay for restartFailedTasks.
const FINISHED = "(&(objectClass=fdTasksGranular)(|(fdTasksGranularStatus=2)(fdTasksGranularStatus=3)))";

/** Upstream 1.1's literal answer when nothing was removed. */
export const NOTHING_REMOVED = ["No completed sub-tasks were removed."] as const;

/** One subtask's line in the answer: upstream's `{"result": true}`, or `false` with the reason. */
export type RemovalResult = { readonly result: true } | { readonly result: false; readonly error: string };

/**
 * `PATCH /api/tasks/removeSubTasks`: deletes every finished subtask (status `2` or `3`). The answer is upstream's
 * `{"<dn>": {"result": true}, ...}`, or `["No completed sub-tasks were removed."]`. A failed delete is reported
 * in its entry (`result: false` and the error, never a truthy string) and does not stop the others; only losing
 * the directory does (`FDO_ERR_LDAP_UNAVAILABLE`, and a rerun finishes the job). DNs are
 * collected from the paged search before deleting, so the search never runs over entries it is removing.
 */
export async function removeSubTasks(deps: Pick<MaintenanceDeps, "directory" | "ldapBase" | "logger">): Promise<Record<string, RemovalResult> | readonly string[]> {
  const dns: string[] = [];
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: FINISHED, attributes: ["fdTasksGranularStatus"] })) dns.push(entry.dn);
  if (dns.length === 0) return NOTHING_REMOVED;
  const body: Record<string, RemovalResult> = {};
  for (const dn of dns) body[dn] = await removeOne(deps, dn);
  deps.logger.info("removed finished subtasks", { found: dns.length, removed: Object.values(body).filter((line) => line.result).length });
  return body;
}

async function removeOne(deps: Pick<MaintenanceDeps, "directory" | "logger">, dn: string): Promise<RemovalResult> {
  try {
    await deps.directory.delete(dn);
    return { result: true };
  } catch (error) {
    // Gone already (another instance removed it meanwhile): what was asked for is true.
    if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return { result: true };
    // A lost directory fails every remaining delete the same way (each after a timeout): answer 503 at once.
    if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
    deps.logger.warn("could not remove a finished subtask", { dn, err: error });
    return { result: false, error: error instanceof Error ? error.message : String(error) };
  }
}
