import type { Clock } from "@fdo/sdk";

/**
 * A clock that only moves when told to. The test host hands it to the core, so every "now" a plugin sees is
 * this one.
 * @public
 */
export class TestClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new TypeError(`invalid start time ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Jumps to an instant. */
  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
}
