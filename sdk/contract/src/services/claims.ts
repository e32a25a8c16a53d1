/**
 * How a claim is taken.
 * @public
 */
export interface ClaimOptions {
  /** Seconds this instance holds the claim before another may take it over (default `TASKS_CLAIM_LEASE_SECONDS`). */
  readonly leaseSeconds?: number;
  /** DN of what the claim is about (e.g. a user), recorded for administrators as `seeAlso`. */
  readonly subject?: string;
  /** One line for administrators, recorded as a `description`. */
  readonly note?: string;
}

/**
 * A claim this instance holds. Exactly one holder exists per key at any time.
 * @public
 */
export interface Claim {
  readonly key: string;
  /**
   * Call right before a step that must never be repeated (a mail). From then on the claim is never taken over, even
   * after its lease: if this process dies, the work is not done again. Throws `FDO_ERR_LDAP_CONFLICT` when the claim
   * was lost meanwhile (its lease ran out and another instance took it).
   */
  markIrreversible(): Promise<void>;
  /** The work is done for good: the key can never be claimed again (until {@link Claims.forget}). */
  complete(): Promise<void>;
  /** Gives the key back (the work did not happen): it can be claimed again at once. */
  release(): Promise<void>;
}

/**
 * Where a key stands. `held`: an instance works on it until its lease ends; `irreversible`: an instance started a step
 * that must not be repeated (stays so if it died); `done`: finished for good; `released`: given back.
 * @public
 */
export type ClaimStatus = "held" | "irreversible" | "done" | "released";

/**
 * One key as {@link Claims.list} reports it.
 * @public
 */
export interface ClaimRecord {
  readonly key: string;
  readonly status: ClaimStatus;
  /** True when {@link Claims.acquire} would win it now: released, or held past its lease (a crashed holder). */
  readonly available: boolean;
}

/**
 * "Do this once across all instances for key K": claims kept in the directory, so several orchestrator instances
 * sharing it never do the same work twice. Taking a claim is one atomic LDAP add (or compare-and-swap over an expired
 * or released one). Keys are per plugin and compared case-insensitively, as LDAP compares `cn`.
 * @public
 */
export interface Claims {
  /** Claims `key`; `undefined` when it is held by a live lease, irreversible, or done. */
  acquire(key: string, options?: ClaimOptions): Promise<Claim | undefined>;
  /** Every claim of this plugin (paged). */
  list(): AsyncIterable<ClaimRecord>;
  /** Deletes a key's record whatever its status, e.g. to prune done keys that can never come up again. */
  forget(key: string): Promise<void>;
}
