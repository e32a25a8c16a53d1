import {
  type Claim,
  type ClaimOptions,
  type ClaimRecord,
  type Claims,
  type Clock,
  childDn,
  type Directory,
  isOrchestratorError,
  LdapAlreadyExistsError,
  LdapConflictError,
  LdapNoSuchObjectError,
} from "@fdo/sdk";
import { ensureOuBranch } from "../ldap/ensure-ou-branch.js";
import { type ClaimState, findClaimState, formatClaimState, isAvailable } from "./claim-state.js";

const hasCode = (error: unknown, code: string): boolean => isOrchestratorError(error) && error.code === code;
// An add can race with a concurrent release-and-forget; a few fresh reads settle it.
const MAX_ATTEMPTS = 3;

/** A claim whose lease can be extended while the work goes on (the scheduler's leases; not part of the SDK). */
export interface RenewableClaim extends Claim {
  /** Moves the lease end to `leaseSeconds` from now; throws `FDO_ERR_LDAP_CONFLICT` when the claim was lost. */
  renew(leaseSeconds: number): Promise<void>;
}

export interface LdapClaimsOptions {
  readonly directory: Directory;
  readonly clock: Clock;
  /** This instance, as claim markers name it. */
  readonly owner: string;
  /** The branch of this namespace's claim entries; created (as `ou=` levels) on the first claim. */
  readonly branch: () => Promise<string>;
  readonly leaseSeconds: number;
}

/**
 * {@link Claims} as `organizationalRole` entries (standard schema) `cn=<key>,<branch>`: the state is one `description`
 * value (see claim-state.ts), changed only by compare-and-swap, so exactly one instance holds a key at a time.
 */
export class LdapClaims implements Claims {
  constructor(private readonly options: LdapClaimsOptions) {}

  async acquire(key: string, claimOptions: ClaimOptions = {}): Promise<RenewableClaim | undefined> {
    if (key.trim() === "") throw new TypeError("a claim key must not be empty");
    const branch = await this.options.branch();
    const dn = childDn("cn", key, branch);
    const held = formatClaimState({ status: "held", owner: this.options.owner, seconds: this.#nowSeconds() + (claimOptions.leaseSeconds ?? this.options.leaseSeconds) });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      if (await this.#create(branch, key, held, claimOptions)) return this.#claim(key, dn, held);
      const entry = await this.options.directory.read(dn, ["description"]);
      if (entry === null) continue; // forgotten meanwhile: add again
      const found = findClaimState(entry.values("description"));
      // An entry without a claim state was not written by a claim: never taken.
      if (found === undefined || !isAvailable(found.state, this.#nowSeconds())) return undefined;
      return (await this.#swap(dn, found.value, held)) ? this.#claim(key, dn, held) : undefined; // lost: taken over first
    }
    return undefined;
  }

  async *list(): AsyncIterable<ClaimRecord> {
    const nowSeconds = this.#nowSeconds();
    const search = this.options.directory.search({ base: await this.options.branch(), scope: "one", filter: "(objectClass=organizationalRole)", attributes: ["cn", "description"] });
    try {
      for await (const entry of search) {
        const found = findClaimState(entry.values("description"));
        const key = entry.first("cn");
        if (found !== undefined && key !== undefined) yield { key, status: found.state.status, available: isAvailable(found.state, nowSeconds) };
      }
    } catch (error) {
      if (!hasCode(error, LdapNoSuchObjectError.code)) throw error; // no branch yet: no claims
    }
  }

  async forget(key: string): Promise<void> {
    try {
      await this.options.directory.delete(childDn("cn", key, await this.options.branch()));
    } catch (error) {
      if (!hasCode(error, LdapNoSuchObjectError.code)) throw error;
    }
  }

  /** Adds the entry holding `held` (creating the branch when missing); false when it exists already. */
  async #create(branch: string, key: string, held: string, claimOptions: ClaimOptions, branchCreated = false): Promise<boolean> {
    const dn = childDn("cn", key, branch);
    const entry = {
      objectClass: ["top", "organizationalRole"],
      cn: key,
      description: claimOptions.note === undefined ? [held] : [held, claimOptions.note],
      ...(claimOptions.subject === undefined ? {} : { seeAlso: claimOptions.subject }),
    };
    try {
      await this.options.directory.add(dn, entry);
      return true;
    } catch (error) {
      if (hasCode(error, LdapAlreadyExistsError.code)) return false;
      if (branchCreated || !hasCode(error, LdapNoSuchObjectError.code)) throw error;
    }
    await ensureOuBranch(this.options.directory, branch);
    return this.#create(branch, key, held, claimOptions, true);
  }

  /** Replaces the state value `expected` with `next`; false when it was no longer `expected`. */
  async #swap(dn: string, expected: string, next: string): Promise<boolean> {
    try {
      await this.options.directory.modify(dn, [
        { operation: "delete", attribute: "description", values: [expected] },
        { operation: "add", attribute: "description", values: [next] },
      ]);
      return true;
    } catch (error) {
      if (hasCode(error, LdapConflictError.code) || hasCode(error, LdapNoSuchObjectError.code)) return false;
      throw error;
    }
  }

  #claim(key: string, dn: string, held: string): RenewableClaim {
    let current = held;
    const move = async (next: ClaimState, what: string): Promise<void> => {
      const value = formatClaimState(next);
      if (!(await this.#swap(dn, current, value))) throw new LdapConflictError(`lost the claim on ${key} before ${what}`);
      current = value;
    };
    return {
      key,
      markIrreversible: () => move({ status: "irreversible", owner: this.options.owner, seconds: this.#nowSeconds() }, "its irreversible step"),
      complete: () => move({ status: "done", seconds: this.#nowSeconds() }, "completing it"),
      release: () => move({ status: "released", seconds: this.#nowSeconds() }, "releasing it"),
      renew: (leaseSeconds) => move({ status: "held", owner: this.options.owner, seconds: this.#nowSeconds() + leaseSeconds }, "renewing it"),
    };
  }

  #nowSeconds(): number {
    return Math.floor(this.options.clock.now().getTime() / 1000);
  }
}
