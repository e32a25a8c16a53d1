import { type Directory, isOrchestratorError, LdapNoSuchObjectError, LdapUnavailableError } from "@fdo/sdk";

/** What deleting one batch came to. */
export interface DeleteTally {
  removed: number;
  /** Already gone (another run or an administrator removed them first). */
  alreadyGone: number;
  failed: number;
  firstError: string | undefined;
}

export const emptyTally = (): DeleteTally => ({ removed: 0, alreadyGone: 0, failed: 0, firstError: undefined });

/**
 * Deletes `dns` with at most `concurrency` requests in flight and adds the results to `tally`. A lost directory
 * (`FDO_ERR_LDAP_UNAVAILABLE`) is rethrown so the host aborts the run; any other failure is counted.
 */
export async function deleteBatch(directory: Directory, dns: readonly string[], concurrency: number, tally: DeleteTally): Promise<void> {
  let next = 0;
  let fatal: unknown;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < dns.length) {
      const dn = dns[next] as string;
      next += 1;
      try {
        await directory.delete(dn);
        tally.removed += 1;
      } catch (error) {
        if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) {
          tally.alreadyGone += 1;
        } else if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) {
          fatal ??= error;
        } else {
          tally.failed += 1;
          tally.firstError ??= `${dn}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, dns.length)) }, worker));
  if (fatal !== undefined) throw fatal;
}
