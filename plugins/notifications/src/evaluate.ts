// Phase "evaluate": what one subtask's audit events say, against what its main task monitors. Reads only.
import { parseGeneralizedTime } from "@fdo/fusiondirectory";
import type { DirectoryEntry, Subtask } from "@fdo/sdk";
import { decodeAuditAttributes } from "./audit-changes.js";
import { subtaskAuditRefs } from "./audit-refs.js";
import type { UserChanges } from "./digest.js";
import { type Monitoring, matchingChanges } from "./matching.js";
import { NO_MATCH } from "./reports.js";

/** The attributes read from each `fdAuditEvent`. */
export const AUDIT_EVENT_ATTRIBUTES: readonly string[] = ["fdAuditAttributes", "fdAuditAction", "fdAuditObject", "fdAuditDateTime"];

/** What a subtask comes to. */
export type Evaluation =
  /** Monitored changes, one item per audit event that has some, oldest event first. */
  | { readonly kind: "match"; readonly changes: readonly UserChanges[]; readonly missing: readonly string[] }
  | { readonly kind: "nothing"; readonly reason: string; readonly missing: readonly string[] }
  | { readonly kind: "failed"; readonly error: string };

/** Reads one audit event, `null` when it no longer exists (e.g. removed by the audit retention task). */
export type ReadAuditEvent = (dn: string) => Promise<DirectoryEntry | null>;

/**
 * Reads the audit events a subtask references and keeps the monitored changes. An event that no longer exists is
 * skipped (and listed in `missing`); an event whose `fdAuditAttributes` cannot be decoded fails the subtask, so a
 * garbage value never produces a wrong or empty notification silently.
 */
export async function evaluateSubtask(subtask: Subtask, monitoring: Monitoring, readEvent: ReadAuditEvent): Promise<Evaluation> {
  const refs = subtaskAuditRefs(subtask);
  if (refs.length === 0) return { kind: "nothing", reason: "No audit event referenced (fdTasksGranularRef is empty)", missing: [] };
  const events = await Promise.all(refs.map(async (ref) => ({ ref, entry: await readEvent(ref.auditDn) })));
  const missing: string[] = [];
  const found: Array<{ readonly at: number; readonly index: number; readonly item: UserChanges }> = [];
  for (const [index, { ref, entry }] of events.entries()) {
    if (entry === null) {
      missing.push(ref.auditDn);
      continue;
    }
    const decoded = decodeAuditAttributes(entry.values("fdAuditAttributes"), entry.first("fdAuditAction"));
    if (!decoded.ok) return { kind: "failed", error: `Audit event ${ref.auditDn}: ${decoded.error}` };
    const userDn = ref.userDn ?? entry.first("fdAuditObject")?.trim();
    if (userDn === undefined || userDn === "") return { kind: "failed", error: `Audit event ${ref.auditDn} names no user (no fdTasksGranularDN nor fdAuditObject)` };
    const changes = matchingChanges(decoded.changes, monitoring);
    if (changes.length === 0) continue;
    const at = parseGeneralizedTime(entry.first("fdAuditDateTime") ?? "")?.getTime() ?? Number.POSITIVE_INFINITY;
    found.push({ at, index, item: { userDn, changes } });
  }
  if (found.length === 0) return { kind: "nothing", reason: NO_MATCH, missing };
  // Oldest first (stable for equal or unknown times), so merging keeps the newest values.
  found.sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1));
  return { kind: "match", changes: found.map((event) => event.item), missing };
}
