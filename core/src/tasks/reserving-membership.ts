import type { Clock } from "@fdo/sdk";
import type { WindowMembership } from "./shared-mail-window.js";

/** Reservations grow 1, 2, 4, ... up to this many recipients per window write. */
const MAX_CHUNK = 64;

/**
 * A run's share of the anti-spam window taken in chunks: one compare-and-swap reserves several recipients, which the
 * run then hands out without writing, instead of one contended write per mail. The cap is as hard as before: every
 * recipient sent was counted in the shared window before its mail went out, and a run never takes more than the
 * window has room for. What a run reserved and did not use is given back when it leaves (a run that dies keeps it
 * counted until the window ends: stricter, never looser). Chunks start at one recipient and double while the run
 * keeps sending, so a run with few mails reserves as before and concurrent runs are not starved by reservations.
 *
 * Reservations are only used while the run's lease on the window is fresh (refreshed by each chunk, at the latest at
 * half the lease): a window is open while a live run is inside it, so one whose runs' leases ran out may have closed
 * and been reopened without them. Reservations left that long are dropped, never given back to a newer window.
 * Window writes of one run are made one at a time, so a run never races itself for the window.
 */
export class ReservingMembership implements WindowMembership {
  #reserved = 0;
  #chunk = 1;
  #freshUntil = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly membership: WindowMembership,
    private readonly clock: Clock,
    private readonly leaseSeconds: number,
  ) {}

  used(): number {
    return this.membership.used() - this.#reserved;
  }

  take(recipients: number, cap: number): Promise<boolean> {
    return this.#serial(async () => {
      const now = this.clock.now().getTime();
      if (now >= this.#freshUntil) this.#reserved = 0;
      if (this.#reserved >= recipients && now < this.#freshUntil) {
        this.#reserved -= recipients;
        return true;
      }
      const needed = recipients - this.#reserved;
      const wanted = Math.max(needed, Math.min(this.#chunk, cap - this.membership.used()));
      // Near the cap a chunk may no longer fit where the exact need still does.
      const taken = (await this.membership.take(wanted, cap)) ? wanted : needed < wanted && (await this.membership.take(needed, cap)) ? needed : 0;
      if (taken === 0) return false;
      this.#freshUntil = now + (this.leaseSeconds * 1000) / 2;
      this.#chunk = Math.min(MAX_CHUNK, this.#chunk * 2);
      this.#reserved += taken - recipients;
      return true;
    });
  }

  giveBack(recipients: number): Promise<void> {
    return this.#serial(async () => {
      if (this.clock.now().getTime() < this.#freshUntil) this.#reserved += recipients;
    });
  }

  leave(): Promise<void> {
    return this.#serial(async () => {
      const unused = this.clock.now().getTime() < this.#freshUntil ? this.#reserved : 0;
      this.#reserved = 0;
      await this.membership.leave(unused);
    });
  }

  #serial<T>(step: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(step);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
