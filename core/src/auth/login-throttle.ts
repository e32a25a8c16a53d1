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

// Bounds memory under a flood of distinct usernames or addresses: the oldest keys are forgotten first.
const MAX_TRACKED_KEYS = 10_000;

/**
 * Brute-force protection for logins, per account and per client address (in this process; each instance behind
 * a load balancer counts its own). Locked-out callers get 429 with `Retry-After`; below the limit, repeated
 * failures are answered progressively slower.
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #failures = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
  }

  /** Throws `FDO_ERR_AUTH_RATE_LIMITED` (with `Retry-After`) while the account or the address is locked out. */
  check(login: string, address: string): void {
    const retryAfter = Math.max(this.#lockedFor(accountKey(login), this.#options.maxFailuresPerAccount), this.#lockedFor(addressKey(address), this.#options.maxFailuresPerAddress));
    if (retryAfter > 0) throw new AuthRateLimitedError(undefined, { headers: { "Retry-After": String(retryAfter) } });
  }

  /** Records a failure; returns how long to hold the answer back, in milliseconds. */
  recordFailure(login: string, address: string): number {
    const count = this.#record(accountKey(login));
    this.#record(addressKey(address));
    return count < 3 ? 0 : this.#options.baseDelayMs * 2 ** Math.min(count - 3, 4);
  }

  /** A successful login clears the account's failures (the address keeps its count). */
  recordSuccess(login: string): void {
    this.#failures.delete(accountKey(login));
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#options.windowSeconds * 1000;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent;
  }

  #lockedFor(key: string, max: number): number {
    const recent = this.#recent(key);
    if (recent.length < max) return 0;
    const oldestCounted = recent[recent.length - max] as number;
    return Math.max(1, Math.ceil((oldestCounted + this.#options.windowSeconds * 1000 - this.#now()) / 1000));
  }

  #record(key: string): number {
    const recent = [...this.#recent(key), this.#now()];
    this.#failures.delete(key);
    this.#failures.set(key, recent);
    if (this.#failures.size > MAX_TRACKED_KEYS) this.#failures.delete(this.#failures.keys().next().value as string);
    return recent.length;
  }

  #now(): number {
    return this.#options.clock.now().getTime();
  }
}

const accountKey = (login: string): string => `account:${login.toLowerCase()}`;
const addressKey = (address: string): string => `address:${address}`;
