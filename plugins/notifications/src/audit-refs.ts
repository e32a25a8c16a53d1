// Which audit events a notification subtask points at (`fdTasksGranularRef`), and for which user.
import type { Subtask } from "@fdo/sdk";

/** `fdTasksGranularType` written by FusionDirectory 1.5. */
export const FD15_NOTIFICATIONS_TYPE = "Notifications";
/** `fdTasksGranularType` written by FusionDirectory 1.6. */
export const FD16_NOTIFICATIONS_TYPE = "notifications";

/** One `fdTasksGranularRef` value: the audit event's DN and, when the value names one, the audited user. */
export interface AuditRef {
  /** DN of the `fdAuditEvent` entry (may carry a multi-valued RDN `...Z+fdAuditId=<n>`). */
  readonly auditDn: string;
  /** The user of a `userDN|auditDN` pair (FD 1.6); `undefined` for a plain audit DN (FD 1.5). */
  readonly userDn: string | undefined;
}

// The start of a DN: an attribute name or numeric OID, then "=".
const DN_START = /^\s*(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)\s*=/;
const AUDIT_RDN_START = /^\s*fdAuditDateTime\s*=/i;

/**
 * Parses one `fdTasksGranularRef` value: a plain audit DN (FD 1.5) or a `userDN|auditDN` pair (FD 1.6). `|` is
 * legal inside a DN value, so the split point is the `|` followed by an audit RDN (`fdAuditDateTime=`), else the
 * last `|` with a DN on both sides; a value without such a `|` is an audit DN as a whole. Blank → `undefined`.
 */
export function parseAuditRef(value: string): AuditRef | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const bars: number[] = [];
  for (let index = trimmed.indexOf("|"); index !== -1; index = trimmed.indexOf("|", index + 1)) bars.push(index);
  const split = (index: number) => ({ userDn: trimmed.slice(0, index).trim(), auditDn: trimmed.slice(index + 1).trim() });
  const candidates = bars.map(split).filter((pair) => DN_START.test(pair.userDn) && DN_START.test(pair.auditDn));
  const pair = candidates.find((candidate) => AUDIT_RDN_START.test(candidate.auditDn)) ?? candidates[candidates.length - 1];
  return pair ?? { auditDn: trimmed, userDn: undefined };
}

/** One audit event to read for a subtask, with the user it is reported under. */
export interface SubtaskAuditRef {
  readonly auditDn: string;
  /** The pair's user, else the subtask's `fdTasksGranularDN`; `undefined` when neither is known (the event's `fdAuditObject` is used then). */
  readonly userDn: string | undefined;
}

/**
 * The audit events of a subtask, in `fdTasksGranularRef` order, duplicates once. A plain audit DN belongs to the
 * subtask's user (`fdTasksGranularDN`); a pair names its own.
 */
export function subtaskAuditRefs(subtask: Subtask): SubtaskAuditRef[] {
  const subtaskUser = subtask.entry.first("fdTasksGranularDN")?.trim() || undefined;
  const seen = new Set<string>();
  const refs: SubtaskAuditRef[] = [];
  for (const value of subtask.entry.values("fdTasksGranularRef")) {
    const ref = parseAuditRef(value);
    if (ref === undefined) continue;
    const userDn = ref.userDn ?? subtaskUser;
    const key = `${(userDn ?? "").toLowerCase()}|${ref.auditDn.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ auditDn: ref.auditDn, userDn });
  }
  return refs;
}
