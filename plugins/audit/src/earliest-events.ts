/**
 * Keeps the `limit` smallest items of a stream in at most `2 × limit` memory: items are appended, and sorted and cut
 * back to `limit` whenever the buffer doubles.
 */
export class EarliestItems<T> {
  readonly #items: T[] = [];
  #dropped = false;

  constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  }

  add(item: T): void {
    this.#items.push(item);
    if (this.#items.length >= 2 * this.limit) this.#trim();
  }

  /** The smallest items, in order, and whether larger ones were left out. */
  take(): { readonly items: T[]; readonly more: boolean } {
    this.#trim();
    return { items: [...this.#items], more: this.#dropped };
  }

  #trim(): void {
    this.#items.sort(this.compare);
    if (this.#items.length > this.limit) {
      this.#items.length = this.limit;
      this.#dropped = true;
    }
  }
}
