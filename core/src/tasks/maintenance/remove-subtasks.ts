import { isOrchestratorError, LdapNoSuchObjectError, LdapUnavailableError } from "@fdo/sdk";
import type { MaintenanceDeps } from "./maintenance-deps.js";

// Status 2 (done) and 3 (nothing to do): newest upstream clears both; failures stay for restartFailedTasks.
const FINISHED = "(&(objectClass=fdTasksGranular)(|(fdTasksGranularStatus=2)(fdTasksGranularStatus=3)))";

/** What became of one finished subtask. */
export type Removal = { readonly removed: true } | { readonly removed: false; readonly error: string };

/**
 * `PATCH /api/tasks/removeSubTasks`: deletes every finished subtask (status `2` or `3`) and says, per DN in search
 * order, whether it is gone (empty: nothing was finished). A failed delete is reported with its error and does not
 * stop the others; only losing the directory does (`FDO_ERR_LDAP_UNAVAILABLE`, and a rerun finishes the job). DNs
 * are collected from the paged search before deleting, so the search never runs over entries it is removing.
 */
export async function removeSubTasks(deps: Pick<MaintenanceDeps, "directory" | "ldapBase" | "logger">): Promise<ReadonlyMap<string, Removal>> {
  const dns: string[] = [];
  for await (const entry of deps.directory.search({ base: deps.ldapBase, filter: FINISHED, attributes: ["fdTasksGranularStatus"] })) dns.push(entry.dn);
  const removals = new Map<string, Removal>();
  for (const dn of dns) removals.set(dn, await removeOne(deps, dn));
  if (dns.length > 0) deps.logger.info("removed finished subtasks", { found: dns.length, removed: [...removals.values()].filter((removal) => removal.removed).length });
  return removals;
}

async function removeOne(deps: Pick<MaintenanceDeps, "directory" | "logger">, dn: string): Promise<Removal> {
  try {
    await deps.directory.delete(dn);
    return { removed: true };
  } catch (error) {
    // Gone already (another instance removed it meanwhile): what was asked for is true.
    if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return { removed: true };
    // A lost directory fails every remaining delete the same way (each after a timeout): answer 503 at once.
    if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
    deps.logger.warn("could not remove a finished subtask", { dn, err: error });
    return { removed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
