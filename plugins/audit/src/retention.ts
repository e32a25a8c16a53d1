import { formatGeneralizedTime } from "@fdo/fusiondirectory";
import { type Directory, ldapFilter, type Subtask, type SubtaskContext, type SubtaskOutcome, type TaskStore } from "@fdo/sdk";
import { AUDIT_EVENT_FILTER, auditEvents } from "./audit-branch.js";
import { parseAuditTime } from "./audit-time.js";
import { type DeleteTally, deleteBatch, emptyTally } from "./batch-delete.js";
import { cutoffOf, parseRetention } from "./retention-days.js";
import {
  abortedOutcome,
  failedOutcome,
  KEPT_FOREVER,
  NOTHING_TO_REMOVE,
  noEventsOutcome,
  nothingOutcome,
  type RetentionDetail,
  type RetentionFacts,
  recordCount,
  removedOutcome,
} from "./retention-reports.js";

/** Subtask types of the retention task: FD 1.5 and FD 1.6. */
export const RETENTION_TYPES = ["Audit", "audit"] as const;

export interface RetentionSettings {
  /** Expired DNs collected before they are deleted: bounds memory whatever the number of events. */
  readonly batchSize: number;
  /** Delete requests in flight. */
  readonly deleteConcurrency: number;
  /** Entries per search page; the host's default when undefined. */
  readonly pageSize: number | undefined;
  /** Streaming passes at most, when a check still finds expired events after a pass (events deleted while paging). */
  readonly maxPasses: number;
}

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = { batchSize: 500, deleteConcurrency: 8, pageSize: undefined, maxPasses: 3 };

const SAMPLES = 10;

interface Scan {
  scanned: number;
  expired: number;
  recent: number;
  future: number;
  unparsable: number;
  readonly samples: string[];
  aborted: boolean;
}

/** One subtask's run: the cutoff and where the events are. */
interface Plan {
  readonly base: string;
  readonly now: number;
  readonly cutoff: number;
  readonly context: SubtaskContext;
}

/**
 * Retention of `fdAuditEvent` entries for one `Audit`/`audit` subtask: every event strictly older than
 * `fdAuditTasksRetention` days before the run is deleted, streaming the audit branch page by page and deleting in
 * bounded batches. Dates are compared as instants (every GeneralizedTime spelling); future-dated and unparsable
 * events are never deleted.
 */
export class AuditRetention {
  constructor(
    private readonly directory: Directory,
    private readonly tasks: TaskStore,
    private readonly settings: RetentionSettings = DEFAULT_RETENTION_SETTINGS,
  ) {}

  async process(subtask: Subtask, context: SubtaskContext, auditBase: string): Promise<SubtaskOutcome<RetentionDetail>> {
    const main = await this.tasks.readMainTask(subtask.masterDn);
    if (main === null) return failedOutcome(`Main task ${subtask.masterDn} of this audit subtask does not exist`);
    const retention = parseRetention(main.entry.first("fdAuditTasksRetention"));
    if (!retention.ok) return failedOutcome(retention.error);
    if (retention.days === 0) return nothingOutcome(KEPT_FOREVER, undefined);

    const plan: Plan = { base: auditBase, now: context.now.getTime(), cutoff: cutoffOf(context.now, retention.days), context };
    const tally = emptyTally();
    const first = await this.#pass(plan, tally);
    let passes = 1;
    let leftover = false;
    while (!context.dryRun && !first.aborted && tally.failed === 0 && first.expired > 0 && (await this.#expiredLeft(plan))) {
      if (passes >= this.settings.maxPasses || context.signal.aborted) {
        leftover = true;
        break;
      }
      const again = await this.#pass(plan, tally);
      passes += 1;
      if (again.aborted) break;
    }

    const facts: RetentionFacts = {
      retentionDays: retention.days,
      cutoff: Number.isFinite(plan.cutoff) ? new Date(plan.cutoff).toISOString() : "none",
      auditBase,
      expired: first.expired,
      removed: tally.removed,
      alreadyRemoved: tally.alreadyGone,
      kept: { recent: first.recent, future: first.future, unparsable: first.unparsable },
      unparsableSamples: first.samples,
    };
    if (first.aborted || context.signal.aborted) return abortedOutcome(tally.removed);
    if (tally.failed > 0) {
      return failedOutcome(
        `${tally.failed} of ${recordCount(first.expired)} expired could not be removed (${recordCount(tally.removed)} removed); first error: ${tally.firstError ?? "unknown"}`,
        facts,
      );
    }
    if (leftover) return failedOutcome(`expired audit records are still present after ${passes} passes (${recordCount(tally.removed)} removed)`, facts);
    // Upstream (1.1 and newest) marked a retention over an empty audit log as done.
    if (first.scanned === 0) return noEventsOutcome(facts);
    if (context.dryRun ? first.expired === 0 : tally.removed === 0) return nothingOutcome(NOTHING_TO_REMOVE, facts);
    return removedOutcome(facts);
  }

  /** Streams every event once (only `fdAuditDateTime`), deleting the expired ones in batches. */
  async #pass(plan: Plan, tally: DeleteTally): Promise<Scan> {
    const scan: Scan = { scanned: 0, expired: 0, recent: 0, future: 0, unparsable: 0, samples: [], aborted: false };
    const { batchSize, deleteConcurrency, pageSize } = this.settings;
    let batch: string[] = [];
    const search = { base: plan.base, filter: AUDIT_EVENT_FILTER, attributes: ["fdAuditDateTime"], ...(pageSize === undefined ? {} : { pageSize }) };
    for await (const entry of auditEvents(this.directory, search)) {
      if (plan.context.signal.aborted) {
        scan.aborted = true;
        break;
      }
      scan.scanned += 1;
      const raw = entry.first("fdAuditDateTime");
      const time = parseAuditTime(raw);
      if (time === undefined) {
        scan.unparsable += 1;
        if (scan.samples.length < SAMPLES) scan.samples.push(`${entry.dn} (fdAuditDateTime ${JSON.stringify(raw ?? "")})`);
        continue;
      }
      const instant = time.instant.getTime();
      if (instant > plan.now) {
        scan.future += 1;
      } else if (instant < plan.cutoff) {
        scan.expired += 1;
        if (plan.context.dryRun) continue;
        batch.push(entry.dn);
        if (batch.length >= batchSize) {
          await deleteBatch(this.directory, batch, deleteConcurrency, tally);
          batch = [];
        }
      } else {
        scan.recent += 1;
      }
    }
    if (batch.length > 0 && !scan.aborted) await deleteBatch(this.directory, batch, deleteConcurrency, tally);
    return scan;
  }

  /** True when the directory still holds an event older than the cutoff (the server's ordering narrows the search). */
  async #expiredLeft(plan: Plan): Promise<boolean> {
    const filter = ldapFilter`(&(objectClass=fdAuditEvent)(!(fdAuditDateTime>=${formatGeneralizedTime(new Date(plan.cutoff))})))`;
    for await (const entry of auditEvents(this.directory, { base: plan.base, filter, attributes: ["fdAuditDateTime"], pageSize: 100 })) {
      const time = parseAuditTime(entry.first("fdAuditDateTime"));
      if (time !== undefined && time.instant.getTime() < plan.cutoff) return true;
    }
    return false;
  }
}
