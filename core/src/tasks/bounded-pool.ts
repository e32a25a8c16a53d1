/** Runs at most `limit` tasks at once; `add` waits for a free slot, so producers are throttled too. */
export class BoundedPool {
  readonly #active = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  /** `task` must not reject: its failures are the caller's to record. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.#active.size >= this.limit) await Promise.race(this.#active);
    const running = task().finally(() => this.#active.delete(running));
    this.#active.add(running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#active);
  }
}
