// LDIF builders for the Audit plugin's tests: audit events, audit main tasks and their subtasks.
import { escapeDnValue } from "@fdo/sdk";

export const BASE = "dc=example,dc=org";
export const AUDIT_BRANCH = `ou=audit,${BASE}`;
export const TASKS_BRANCH = `ou=tasks,${BASE}`;

/** The branches the demo directory has and `demoData: false` lacks. */
export const BRANCHES = [`dn: ${AUDIT_BRANCH}\nobjectClass: organizationalUnit\nou: audit\n`, `dn: ${TASKS_BRANCH}\nobjectClass: organizationalUnit\nou: tasks\n`];

export interface AuditEventSpec {
  /** `fdAuditDateTime`, any GeneralizedTime spelling; also the RDN. */
  readonly at: string;
  readonly id?: number;
  readonly action?: string;
  readonly object?: string;
  readonly result?: string;
  readonly attributes?: readonly string[];
  readonly branch?: string;
}

export const eventDn = (at: string, id?: number, branch = AUDIT_BRANCH): string => `fdAuditDateTime=${escapeDnValue(at)}${id === undefined ? "" : `+fdAuditId=${id}`},${branch}`;

/** An LDIF attribute line; values that LDIF cannot carry as is (CR, LF, leading space or colon...) are base64. */
function line(name: string, value: string): string {
  return /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(" ") ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}

export function auditEvent(spec: AuditEventSpec): string {
  const lines = [
    `dn: ${eventDn(spec.at, spec.id, spec.branch)}`,
    "objectClass: fdAuditEvent",
    line("fdAuditDateTime", spec.at),
    line("fdAuditAction", spec.action ?? "modify"),
    line("fdAuditAuthorDN", `uid=admin,ou=people,${BASE}`),
    line("fdAuditObject", spec.object ?? `uid=alice,ou=people,${BASE}`),
    "fdAuditObjectType: plugin/user",
    ...(spec.attributes ?? []).map((value) => line("fdAuditAttributes", value)),
    ...(spec.result === undefined ? [] : [line("fdAuditResult", spec.result)]),
    ...(spec.id === undefined ? [] : [`fdAuditId: ${spec.id}`]),
    "fdAuditAuthorIP: 192.0.2.10",
  ];
  return `${lines.join("\n")}\n`;
}

export const mainDn = (cn: string): string => `cn=${cn},${TASKS_BRANCH}`;
export const subtaskDn = (cn: string): string => `cn=${cn},${TASKS_BRANCH}`;

/** A main task; `retention` undefined gives a plain `fdTasks` entry (syslog export tasks need none). */
export function mainTask(cn: string, retention?: string): string {
  return (
    `dn: ${mainDn(cn)}\nobjectClass: top\nobjectClass: fdTasks\n${retention === undefined ? "" : "objectClass: fdAuditTasks\n"}` +
    `cn: ${cn}\nfdTasksStatus: 1\nfdTasksCreationDate: 2026-11-01 09:00:00am\n` +
    (retention === undefined ? "" : `fdAuditTasksRetention: ${retention}\n`)
  );
}

export function subtask(cn: string, master: string, type: string, status = "1", schedule = "20261120080000Z"): string {
  return (
    `dn: ${subtaskDn(cn)}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: ${cn}\nfdTasksGranularMaster: ${mainDn(master)}\n` +
    `fdTasksGranularType: ${type}\nfdTasksGranularSchedule: ${schedule}\nfdTasksGranularStatus: ${status}\nfdTasksGranularDN: auditRetentionTask\n`
  );
}

/** `count` events one minute apart starting at `start` (UTC), long spelling: `YYYYMMDDHHMMSSZ`. */
export function eventsFrom(start: string, count: number): string[] {
  const first = Date.parse(start);
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(first + index * 60_000).toISOString().slice(0, 19).replace(/[-T:]/g, "");
    return auditEvent({ at: `${at}Z`, attributes: ["uid"] });
  });
}
