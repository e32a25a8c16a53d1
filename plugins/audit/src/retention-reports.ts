import type { SubtaskOutcome } from "@fdo/sdk";

/** Upstream's text when nothing is old enough. */
export const NOTHING_TO_REMOVE = "No audit requiring removal";
/** Retention `0`. */
export const KEPT_FOREVER = "Retention is 0 days: audit events are kept forever";

/** Why the events that stay, stay. */
export interface KeptCounts {
  /** Within the retention period. */
  readonly recent: number;
  /** Dated after the run's instant: never deleted. */
  readonly future: number;
  /** `fdAuditDateTime` is not a GeneralizedTime: never deleted. */
  readonly unparsable: number;
}

/** The facts of one retention run of a subtask, reported with every outcome. */
export interface RetentionFacts {
  readonly retentionDays: number;
  /** Events strictly older than this are expired (ISO 8601). */
  readonly cutoff: string;
  readonly auditBase: string;
  readonly expired: number;
  readonly removed: number;
  readonly alreadyRemoved: number;
  readonly kept: KeptCounts;
  /** The first unparsable events, `<dn> (fdAuditDateTime "<value>")`. */
  readonly unparsableSamples: readonly string[];
}

const records = (count: number): string => `${count} audit record${count === 1 ? "" : "s"}`;

function details(facts: RetentionFacts, dryRun: boolean): Record<string, unknown> {
  return {
    retentionDays: facts.retentionDays,
    cutoff: facts.cutoff,
    auditBase: facts.auditBase,
    ...(dryRun ? { wouldRemove: facts.expired } : { removed: facts.removed }),
    ...(facts.alreadyRemoved > 0 ? { alreadyRemoved: facts.alreadyRemoved } : {}),
    kept: facts.kept,
    ...(facts.unparsableSamples.length > 0 ? { unparsable: facts.unparsableSamples } : {}),
  };
}

/** Something was (or, in a dry run, would be) removed: status `2`, upstream's `{result, info, statusUpdate}`. */
export function removedOutcome(facts: RetentionFacts, dryRun: boolean): SubtaskOutcome {
  const info = dryRun ? `${records(facts.expired)} would be removed.` : `${records(facts.removed)} removed.`;
  return { kind: "done", report: { result: true, info, statusUpdate: !dryRun, ...details(facts, dryRun) } };
}

/** Nothing old enough: status `3` (upstream left the subtask at `1` and re-ran it on every call). */
export function nothingOutcome(reason: string, facts: RetentionFacts | undefined, dryRun: boolean): SubtaskOutcome {
  return {
    kind: "nothing",
    reason,
    report: { result: true, info: reason, statusUpdate: !dryRun, nothingToDo: reason, ...(facts === undefined ? {} : details(facts, dryRun)) },
  };
}

/** The status becomes `error` text. */
export function failedOutcome(error: string, dryRun: boolean, facts?: RetentionFacts): SubtaskOutcome {
  return { kind: "failed", error, report: { statusUpdate: !dryRun, Error: [error], ...(facts === undefined ? {} : details(facts, dryRun)) } };
}

/** `n` (with its unit) for messages. */
export const recordCount = records;
