/**
 * The one source of the current time. Every date comparison goes through it so tests can freeze time.
 * @public
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
