import { type Clock, childDn, type Directory } from "@fdo/sdk";
import { LdapClaims, type RenewableClaim } from "../claims/ldap-claims.js";

// Kept beside the claim state in the lease entry's `description` values (claims read other values as notes).
const LAST_RUN_PREFIX = "fdo-schedule:last-run:";

/** The lease entry's record of the tick a scheduled run last ran for. */
export function lastRunOf(descriptions: readonly string[]): { readonly value: string; readonly tick: Date } | undefined {
  const value = descriptions.find((description) => description.startsWith(LAST_RUN_PREFIX));
  if (value === undefined) return undefined;
  const tick = new Date(value.slice(LAST_RUN_PREFIX.length));
  return Number.isNaN(tick.getTime()) ? undefined : { value, tick };
}

/** A segment's lease, held by this instance. */
export interface SegmentLease {
  /** The tick the segment last ran for, on any instance. */
  readonly lastRun: Date | undefined;
  /** Records that the segment runs for `tick` (compare-and-swap on the previous record). */
  recordRun(tick: Date): Promise<void>;
  /** Extends the lease while a run goes on. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

export interface SegmentLeasesOptions {
  readonly directory: Directory;
  readonly clock: Clock;
  readonly owner: string;
  /** Where the lease entries live (`cn=<segment>,<branch>`), created when missing. */
  readonly branch: () => Promise<string>;
  readonly leaseSeconds: number;
}

/**
 * One lease per scheduled segment across every instance sharing the directory: a claim (see core/src/claims) on
 * the segment, held for `leaseSeconds` and renewed while the run goes on, so a crashed holder's lease runs out.
 * The entry also keeps the last tick run, which stops a second instance from running the same tick after the
 * first released the lease, and tells a restarted service whether it missed a tick.
 */
export class SegmentLeases {
  readonly #claims: LdapClaims;

  constructor(private readonly options: SegmentLeasesOptions) {
    this.#claims = new LdapClaims({ directory: options.directory, clock: options.clock, owner: options.owner, branch: options.branch, leaseSeconds: options.leaseSeconds });
  }

  /** The lease of `segment`, or `undefined` while another instance holds it. */
  async take(segment: string): Promise<SegmentLease | undefined> {
    const claim = await this.#claims.acquire(segment);
    if (claim === undefined) return undefined;
    try {
      return this.#lease(segment, claim, await this.#readLastRun(segment));
    } catch (error) {
      await claim.release().catch(() => undefined);
      throw error;
    }
  }

  /** The tick `segment` last ran for, without taking its lease. */
  async lastRun(segment: string): Promise<Date | undefined> {
    return (await this.#readLastRun(segment))?.tick;
  }

  async #dn(segment: string): Promise<string> {
    return childDn("cn", segment, await this.options.branch());
  }

  async #readLastRun(segment: string): Promise<ReturnType<typeof lastRunOf>> {
    const entry = await this.options.directory.read(await this.#dn(segment), ["description"]);
    return entry === null ? undefined : lastRunOf(entry.values("description"));
  }

  #lease(segment: string, claim: RenewableClaim, last: ReturnType<typeof lastRunOf>): SegmentLease {
    let recorded = last?.value;
    return {
      lastRun: last?.tick,
      recordRun: async (tick) => {
        const value = `${LAST_RUN_PREFIX}${tick.toISOString()}`;
        const removeOld = recorded === undefined ? [] : [{ operation: "delete" as const, attribute: "description", values: [recorded] }];
        await this.options.directory.modify(await this.#dn(segment), [...removeOld, { operation: "add", attribute: "description", values: [value] }]);
        recorded = value;
      },
      renew: () => claim.renew(this.options.leaseSeconds),
      release: () => claim.release(),
    };
  }
}
