/**
 * Runs work for a key in batches: a request joins the batch that starts after the run in flight (or at once when
 * none is), and resolves when that batch has run. Requests arriving while a run is in flight share the next run, so
 * N concurrent requests cost about two runs instead of N, and each request still waits for a run that started after
 * it was made.
 */
export class BatchedAfterCurrent<Item> {
  readonly #run: (key: string, items: ReadonlySet<Item>) => Promise<void>;
  readonly #queues = new Map<string, { running: Promise<void> | undefined; next: { readonly items: Set<Item>; readonly done: Promise<void> } | undefined }>();

  constructor(run: (key: string, items: ReadonlySet<Item>) => Promise<void>) {
    this.#run = run;
  }

  /** Adds `item` to the next batch of `key`; resolves (or rejects) with that batch's run. */
  request(key: string, item: Item): Promise<void> {
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { running: undefined, next: undefined };
      this.#queues.set(key, queue);
    }
    let next = queue.next;
    if (next === undefined) {
      const state = queue;
      const items = new Set<Item>();
      const done = (state.running ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          state.next = undefined;
          state.running = done;
          return this.#run(key, items);
        })
        .finally(() => {
          if (state.running === done) state.running = undefined;
          if (state.running === undefined && state.next === undefined) this.#queues.delete(key);
        });
      next = { items, done };
      state.next = next;
    }
    next.items.add(item);
    return next.done;
  }
}
