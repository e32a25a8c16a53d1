import type { RunDetail, RunRecord } from "./run-record.js";

/** A page of the history, newest first. */
export interface RunPage {
  readonly total: number;
  readonly runs: readonly RunRecord[];
}

/** Strips the per-subtask results: listings and log lines stay small. */
export function recordOf(detail: RunDetail): RunRecord {
  const { results: _results, resultsTotal: _total, resultsLimit: _limit, ...record } = detail;
  return record;
}

/** This instance's last `capacity` runs, in memory (a restart forgets them; the `run.finished` log lines remain). */
export class RunHistory {
  readonly #runs: RunDetail[] = [];
  readonly #byId = new Map<string, RunDetail>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("the run history needs room for at least one run");
  }

  add(run: RunDetail): void {
    this.#runs.push(run);
    this.#byId.set(run.id, run);
    if (this.#runs.length > this.capacity) {
      const oldest = this.#runs.shift() as RunDetail;
      this.#byId.delete(oldest.id);
    }
  }

  get(id: string): RunDetail | undefined {
    return this.#byId.get(id);
  }

  /** Newest first, optionally of one segment (compared case-insensitively, as the routes match segments). */
  list(options: { readonly segment?: string; readonly limit: number; readonly offset: number }): RunPage {
    const wanted = options.segment?.toLowerCase();
    const matching = this.#runs.filter((run) => wanted === undefined || run.segment.toLowerCase() === wanted).reverse();
    return { total: matching.length, runs: matching.slice(options.offset, options.offset + options.limit).map(recordOf) };
  }
}
