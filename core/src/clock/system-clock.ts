import type { Clock } from "@fdo/sdk";

/** The real time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
