import type { Clock } from "@fdo/sdk";
import { AuthRateLimitedError } from "../errors/registry.js";

export interface LoginThrottleOptions {
  readonly clock: Clock;
  /** Failures are counted over this window, which is also how long a lockout lasts. */
  readonly windowSeconds: number;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  /** Delay after the third consecutive failure; doubles with each further one, capped at 16 times. */
  readonly baseDelayMs: number;
}

/** One login attempt that was let through to the directory; it counts as a failure until it says otherwise. */
export interface LoginAttempt {
  /** The password was wrong: the attempt stays counted. Returns how long to hold the answer back, in milliseconds. */
  failed(): number;
  /** The login succeeded: the account's failures are forgotten and this attempt no longer counts for the address. */
  succeeded(): void;
  /** The directory could not judge the password (it failed): the attempt does not count. */
  abandoned(): void;
}

// Bounds memory under a flood of distinct usernames or addresses: the oldest keys are forgotten first.
const MAX_TRACKED_KEYS = 10_000;

/**
 * Brute-force protection for logins, per account and per client address (in this process; each instance behind
 * a load balancer counts its own). An attempt is counted when it is let through, before the password is checked,
 * so attempts still in flight count too: however many guesses arrive at once, at most the limit reach the
 * directory per window. Locked-out callers get 429 with `Retry-After`; below the limit, repeated failures are
 * answered progressively slower.
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #attempts = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
  }

  /** Throws `FDO_ERR_AUTH_RATE_LIMITED` (with `Retry-After`) while the address is locked out: before any LDAP work. */
  checkAddress(address: string): void {
    this.#refuseIfLocked(this.#lockedFor(addressKey(address), this.#options.maxFailuresPerAddress));
  }

  /**
   * Lets one attempt for `account` (a resolved account DN, or the normalised name of an unknown one) from
   * `address` through, or throws `FDO_ERR_AUTH_RATE_LIMITED` when either has reached its limit. Synchronous, so no
   * other attempt can slip in between the check and the count.
   */
  reserve(account: string, address: string): LoginAttempt {
    const accountEntry = accountKey(account);
    const addressEntry = addressKey(address);
    this.#refuseIfLocked(this.#lockedFor(accountEntry, this.#options.maxFailuresPerAccount), this.#lockedFor(addressEntry, this.#options.maxFailuresPerAddress));
    const at = this.#now();
    this.#add(accountEntry, at);
    this.#add(addressEntry, at);
    return {
      failed: () => {
        const count = this.#recent(accountEntry).length;
        return count < 3 ? 0 : this.#options.baseDelayMs * 2 ** Math.min(count - 3, 4);
      },
      succeeded: () => {
        this.#attempts.delete(accountEntry);
        this.#remove(addressEntry, at);
      },
      abandoned: () => {
        this.#remove(accountEntry, at);
        this.#remove(addressEntry, at);
      },
    };
  }

  #refuseIfLocked(...retryAfters: number[]): void {
    const retryAfter = Math.max(...retryAfters);
    if (retryAfter > 0) throw new AuthRateLimitedError(undefined, { headers: { "Retry-After": String(retryAfter) } });
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#options.windowSeconds * 1000;
    const recent = (this.#attempts.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#attempts.delete(key);
    else this.#attempts.set(key, recent);
    return recent;
  }

  #lockedFor(key: string, max: number): number {
    const recent = this.#recent(key);
    if (recent.length < max) return 0;
    const oldestCounted = recent[recent.length - max] as number;
    return Math.max(1, Math.ceil((oldestCounted + this.#options.windowSeconds * 1000 - this.#now()) / 1000));
  }

  #add(key: string, at: number): void {
    const recent = [...this.#recent(key), at];
    this.#attempts.delete(key);
    this.#attempts.set(key, recent);
    if (this.#attempts.size > MAX_TRACKED_KEYS) this.#attempts.delete(this.#attempts.keys().next().value as string);
  }

  #remove(key: string, at: number): void {
    const recent = this.#attempts.get(key);
    const index = recent?.lastIndexOf(at) ?? -1;
    if (index >= 0) recent?.splice(index, 1);
  }

  #now(): number {
    return this.#options.clock.now().getTime();
  }
}

const accountKey = (account: string): string => `account:${account}`;
const addressKey = (address: string): string => `address:${address}`;
