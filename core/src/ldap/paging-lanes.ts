/** Anything that can be closed; in production a {@link BoundConnection}. */
export interface Lane {
  close(): Promise<void>;
}

/**
 * Hands out connections for paged searches, one search per connection at a time.
 *
 * slapd keeps a single paged-results state per connection: a second paged search started on a connection while
 * another is between pages invalidates the first one's cookie (`53 paged results cookie is invalid or old`, or
 * `2 ... invalid`), even if the second needs a single page. Plain operations do not disturb it. The main
 * connection serves the first search; overlapping or nested searches get extra connections, a few of which are
 * kept for reuse. A bounded pool that makes searches wait is not an option: a search nested in another's loop
 * would wait forever. An extra connection left idle for `idleMs` is closed: a burst of overlapping searches does not
 * keep its connections (and slapd's sessions) for the life of the process.
 */
export class PagingLanes<L extends Lane> {
  readonly #main: L;
  readonly #create: () => L;
  readonly #maxIdleExtra: number;
  readonly #idleMs: number;
  readonly #idle: L[];
  readonly #extra = new Set<L>();
  readonly #idleTimers = new Map<L, NodeJS.Timeout>();
  #closed = false;

  constructor(main: L, create: () => L, maxIdleExtra = 2, idleMs = 60_000) {
    this.#main = main;
    this.#create = create;
    this.#maxIdleExtra = maxIdleExtra;
    this.#idleMs = idleMs;
    this.#idle = [main];
  }

  /** A connection no other paged search is using. Return it with {@link PagingLanes.release}. */
  lease(): L {
    // The main connection first, so a directory without overlapping searches keeps a single connection.
    const mainIndex = this.#idle.indexOf(this.#main);
    if (mainIndex !== -1) return this.#idle.splice(mainIndex, 1)[0] as L;
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      clearTimeout(this.#idleTimers.get(idle));
      this.#idleTimers.delete(idle);
      return idle;
    }
    const lane = this.#create();
    this.#extra.add(lane);
    return lane;
  }

  /** Gives a leased connection back; surplus extra connections are closed. */
  release(lane: L): void {
    const idleExtra = this.#idle.filter((idle) => idle !== this.#main).length;
    if (lane === this.#main) {
      this.#idle.push(lane);
      return;
    }
    if (!this.#closed && idleExtra < this.#maxIdleExtra) {
      this.#idle.push(lane);
      this.#idleTimers.set(lane, setTimeout(() => this.#retire(lane), this.#idleMs).unref());
      return;
    }
    this.#retire(lane);
  }

  /** Closes an extra connection that is idle or given back. */
  #retire(lane: L): void {
    clearTimeout(this.#idleTimers.get(lane));
    this.#idleTimers.delete(lane);
    const index = this.#idle.indexOf(lane);
    if (index !== -1) this.#idle.splice(index, 1);
    this.#extra.delete(lane);
    void lane.close();
  }

  /** Number of extra connections currently open (leased or idle). */
  get extraCount(): number {
    return this.#extra.size;
  }

  /** Closes the extra connections; the main one belongs to the caller. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    const extra = [...this.#extra];
    this.#extra.clear();
    await Promise.all(extra.map((lane) => lane.close()));
  }
}
