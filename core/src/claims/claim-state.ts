import type { ClaimStatus } from "@fdo/sdk";

/**
 * The state of a claim as stored in one `description` value of its entry, so that every transition is one atomic
 * compare-and-swap of that value: `fdo-claim:held:<owner>:<lease end>`, `fdo-claim:irreversible:<owner>:<since>`,
 * `fdo-claim:done:<when>`, `fdo-claim:released:<when>` (Unix seconds). Other `description` values are notes.
 */
export interface ClaimState {
  readonly status: ClaimStatus;
  /** The instance holding it (`held`, `irreversible`). */
  readonly owner?: string;
  /** Unix seconds: the lease end of `held`, else when the status was set. */
  readonly seconds: number;
}

const PREFIX = "fdo-claim:";
const HOLDING = /^fdo-claim:(held|irreversible):([A-Za-z0-9.-]+):(\d+)$/;
const SETTLED = /^fdo-claim:(done|released):(\d+)$/;

export function formatClaimState(state: ClaimState): string {
  return state.owner === undefined ? `${PREFIX}${state.status}:${state.seconds}` : `${PREFIX}${state.status}:${state.owner}:${state.seconds}`;
}

/** The state among an entry's `description` values, with the exact value it was read from; `undefined` when none. */
export function findClaimState(descriptions: readonly string[]): { readonly value: string; readonly state: ClaimState } | undefined {
  for (const value of descriptions) {
    const holding = HOLDING.exec(value);
    if (holding !== null) return { value, state: { status: holding[1] as "held" | "irreversible", owner: holding[2] as string, seconds: Number(holding[3]) } };
    const settled = SETTLED.exec(value);
    if (settled !== null) return { value, state: { status: settled[1] as "done" | "released", seconds: Number(settled[2]) } };
  }
  return undefined;
}

/** Whether a new holder may take the key: released, or held by a lease that ended before `nowSeconds`. */
export function isAvailable(state: ClaimState, nowSeconds: number): boolean {
  return state.status === "released" || (state.status === "held" && state.seconds < nowSeconds);
}
