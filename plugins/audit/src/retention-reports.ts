// What a retention subtask came to, and its per-subtask JSON (upstream's `{result, info, statusUpdate}`).
import type { SubtaskOutcome } from "@fdo/sdk";

/** Upstream's text when nothing is old enough. */
export const NOTHING_TO_REMOVE = "No audit requiring removal";
/** Upstream's text when the audit log holds no event at all (status `2`). */
export const NO_EVENTS = "No audit to be removed.";
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

/** The retention's account of one subtask. */
export type RetentionDetail =
  | { readonly kind: "removed"; readonly facts: RetentionFacts }
  | { readonly kind: "noEvents"; readonly facts: RetentionFacts }
  | { readonly kind: "nothingExpired"; readonly reason: string; readonly facts: RetentionFacts | undefined }
  | { readonly kind: "retentionFailed"; readonly error: string; readonly facts: RetentionFacts | undefined }
  | { readonly kind: "retentionAborted"; readonly removed: number };

type RetentionOutcome = SubtaskOutcome<RetentionDetail>;

/** Something was (or, in a dry run, would be) removed: status `2`. */
export function removedOutcome(facts: RetentionFacts): RetentionOutcome {
  return { kind: "done", detail: { kind: "removed", facts } };
}

/** The audit log holds no event: status `2`, as upstream wrote it. */
export function noEventsOutcome(facts: RetentionFacts): RetentionOutcome {
  return { kind: "done", detail: { kind: "noEvents", facts } };
}

/**
 * Nothing old enough: status `3` on FD 1.6 data, deleted on FD 1.5 data (upstream left the subtask at `1` and re-ran
 * it on every call).
 */
export function nothingOutcome(reason: string, facts: RetentionFacts | undefined): RetentionOutcome {
  return { kind: "nothing", reason, detail: { kind: "nothingExpired", reason, facts } };
}

/** The status becomes `error` text. */
export function failedOutcome(error: string, facts?: RetentionFacts): RetentionOutcome {
  return { kind: "failed", error, detail: { kind: "retentionFailed", error, facts } };
}

/** Left due: the next run goes on where this one stopped. */
export function abortedOutcome(removed: number): RetentionOutcome {
  return { kind: "skipped", reason: `run aborted after ${records(removed)} removed`, detail: { kind: "retentionAborted", removed } };
}

/** The JSON of one retention subtask; `removed`: its nothing to do deleted it (or would) rather than set it to `3`. */
export function retentionJson(detail: RetentionDetail, dryRun: boolean, removed: boolean): unknown {
  const facts = (value: RetentionFacts | undefined) => (value === undefined ? {} : details(value, dryRun));
  switch (detail.kind) {
    case "removed": {
      const info = dryRun ? `${records(detail.facts.expired)} would be removed.` : `${records(detail.facts.removed)} removed.`;
      return { result: true, info, statusUpdate: !dryRun, ...details(detail.facts, dryRun) };
    }
    case "noEvents":
      return { result: true, info: NO_EVENTS, statusUpdate: !dryRun, ...details(detail.facts, dryRun) };
    case "nothingExpired":
      return { result: true, info: detail.reason, ...(removed ? { Removed: !dryRun } : { statusUpdate: !dryRun }), nothingToDo: detail.reason, ...facts(detail.facts) };
    case "retentionFailed":
      return { statusUpdate: !dryRun, Error: [detail.error], ...facts(detail.facts) };
    case "retentionAborted":
      return { skipped: "run aborted", removed: detail.removed };
  }
}

/** `n` (with its unit) for messages. */
export const recordCount = records;
