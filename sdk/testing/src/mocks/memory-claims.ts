import { type Claim, type ClaimOptions, type ClaimRecord, type ClaimStatus, type Claims, type Clock, LdapConflictError } from "@fdo/sdk";

/** One key's state. Each transition stores a new object, so a claim can tell it still holds what it last wrote. */
interface State {
  readonly key: string;
  readonly status: ClaimStatus;
  /** Unix seconds: the lease end of `held`, else when the status was set (as the host stores it). */
  readonly seconds: number;
  readonly subject: string | undefined;
  readonly note: string | undefined;
}

/**
 * Where a key of a {@link MemoryClaims} stands, with what it was claimed about.
 * @public
 */
export interface MemoryClaimRecord extends ClaimRecord {
  /** The {@link ClaimOptions.subject} of the claim that created the key. */
  readonly subject: string | undefined;
  /** The {@link ClaimOptions.note} of the claim that created the key. */
  readonly note: string | undefined;
}

/**
 * In-memory {@link Claims} with the host's semantics, for unit tests: a key is claimed once; a live lease, an
 * irreversible claim or a done key is never taken; a released key, or one held past its lease (by the clock you
 * pass, in whole seconds as the host counts), is taken over; a claim that was taken over or forgotten meanwhile
 * throws `FDO_ERR_LDAP_CONFLICT` on its next step. Keys compare case-insensitively. Races between instances are the
 * directory's business: test them with `startTestHost`.
 *
 * @example
 * ```ts
 * const clock = mockServices.clock();
 * const claims = mockServices.claims({ clock, leaseSeconds: 60 });
 * const claim = await claims.acquire("20261218-28d-ann");
 * t.is(await claims.acquire("20261218-28d-ann"), undefined); // held
 * clock.advance(61_000);
 * t.truthy(await claims.acquire("20261218-28d-ann")); // the lease ran out
 * ```
 * @public
 */
export class MemoryClaims implements Claims {
  readonly #states = new Map<string, State>();

  constructor(
    private readonly clock: Clock,
    /** The default lease (the host's `TASKS_CLAIM_LEASE_SECONDS` default is 900). */
    private readonly leaseSeconds = 900,
  ) {}

  async acquire(key: string, options: ClaimOptions = {}): Promise<Claim | undefined> {
    if (key.trim() === "") throw new TypeError("a claim key must not be empty");
    const id = key.toLowerCase();
    const found = this.#states.get(id);
    if (found !== undefined && !this.#available(found)) return undefined;
    // Like the directory entry, a key keeps the spelling, subject and note it was first claimed with.
    const first = found ?? { key, subject: options.subject, note: options.note };
    const held: State = { key: first.key, status: "held", seconds: this.#nowSeconds() + (options.leaseSeconds ?? this.leaseSeconds), subject: first.subject, note: first.note };
    this.#states.set(id, held);
    return this.#claim(id, held);
  }

  async *list(): AsyncIterable<MemoryClaimRecord> {
    for (const state of [...this.#states.values()]) yield this.#record(state);
  }

  async forget(key: string): Promise<void> {
    this.#states.delete(key.toLowerCase());
  }

  /** Where `key` stands now; `undefined` when it was never claimed (or forgotten). */
  record(key: string): MemoryClaimRecord | undefined {
    const state = this.#states.get(key.toLowerCase());
    return state === undefined ? undefined : this.#record(state);
  }

  #record(state: State): MemoryClaimRecord {
    return { key: state.key, status: state.status, available: this.#available(state), subject: state.subject, note: state.note };
  }

  #claim(id: string, held: State): Claim {
    let current = held;
    const move = async (status: ClaimStatus, what: string): Promise<void> => {
      if (this.#states.get(id) !== current) throw new LdapConflictError(`lost the claim on ${held.key} before ${what}`);
      current = { ...current, status, seconds: this.#nowSeconds() };
      this.#states.set(id, current);
    };
    return {
      key: held.key,
      markIrreversible: () => move("irreversible", "its irreversible step"),
      complete: () => move("done", "completing it"),
      release: () => move("released", "releasing it"),
    };
  }

  #available(state: State): boolean {
    return state.status === "released" || (state.status === "held" && state.seconds < this.#nowSeconds());
  }

  #nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
