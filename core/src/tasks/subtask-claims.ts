import { type DirectoryChange, isOrchestratorError, LdapConflictError, LdapNoSuchObjectError, ldapFilter } from "@fdo/sdk";
import type { AssertingDirectory } from "../ldap/asserting-directory.js";
import { claimedStatus, sendingStatus } from "./subtask-status.js";

const STATUS = "fdTasksGranularStatus";

function isLostRace(error: unknown): boolean {
  return isOrchestratorError(error) && (error.code === LdapConflictError.code || error.code === LdapNoSuchObjectError.code);
}

/**
 * Status transitions of subtasks as atomic compare-and-swaps: one LDAP modify deletes the exact value we expect and
 * adds the new one, so it fails when anyone changed the status meanwhile. That is what keeps two runs (or two
 * instances) from ever processing the same subtask.
 */

export class SubtaskClaims {
  constructor(
    private readonly directory: AssertingDirectory,
    private readonly owner: string,
    private readonly leaseSeconds: number,
  ) {}

  /**
   * Swaps `expected` for `next`; false when the status was no longer `expected`. Several expected values (an
   * upstream `add` left more than one) are all removed, so the status ends with exactly one value, as a replace would.
   * `also`: further changes made in the same modify, so only together with the swap.
   */
  async swap(dn: string, expected: string | readonly string[], next: string, also: readonly DirectoryChange[] = []): Promise<boolean> {
    try {
      await this.directory.modify(dn, [
        { operation: "delete", attribute: STATUS, values: typeof expected === "string" ? [expected] : expected },
        { operation: "add", attribute: STATUS, values: [next] },
        ...also,
      ]);
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  /**
   * Claims a subtask whose status values are `current`; returns the marker now held, or `undefined` if another run won.
   * `sending` claims straight into the irreversible state (`ForEachDueOptions.claimIrreversible`).
   */
  async claim(dn: string, current: readonly string[], nowSeconds: number, sending = false): Promise<string | undefined> {
    const marker = (sending ? sendingStatus : claimedStatus)(this.owner, nowSeconds + this.leaseSeconds);
    return (await this.swap(dn, current, marker)) ? marker : undefined;
  }

  /** Moves a held claim to "sending"; throws a conflict if the claim was lost (e.g. taken over after its lease). */
  async markSending(dn: string, held: string, nowSeconds: number): Promise<string> {
    const marker = sendingStatus(this.owner, nowSeconds + this.leaseSeconds);
    if (!(await this.swap(dn, held, marker))) throw new LdapConflictError(`lost the claim on ${dn} before sending`);
    return marker;
  }

  /** Writes the final status in place of the held marker (with `also`, e.g. execution stamps); false if the marker was no longer ours. */
  settle(dn: string, held: string, status: string, also: readonly DirectoryChange[] = []): Promise<boolean> {
    return this.swap(dn, held, status, also);
  }

  /**
   * Deletes a subtask (FD 1.5's "nothing to do") while its status is still `held`; false when another run took it
   * over after the lease. One already gone counts as removed. Without a compare-and-delete in the directory, it is
   * deleted as it is.
   */
  async remove(dn: string, held: string): Promise<boolean> {
    try {
      if (this.directory.deleteIfMatches === undefined) await this.directory.delete(dn);
      else await this.directory.deleteIfMatches(dn, ldapFilter`(${STATUS}=${held})`);
      return true;
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return true;
      if (isOrchestratorError(error) && error.code === LdapConflictError.code) return false;
      throw error;
    }
  }
}
