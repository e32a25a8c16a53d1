import { wallTimeAt } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import { type AuditTime, rfc3339Of } from "./audit-time.js";

/** `AUDIT_SYSLOG_FORMAT`. */
export type SyslogFormat = "rfc5424" | "upstream";
export const SYSLOG_FORMATS: readonly SyslogFormat[] = ["rfc5424", "upstream"];

/** Facility local4 (20), severity informational (6): `<166>`, what upstream meant by its literal `<local4.info>`. */
export const PRI = "<166>";
/** RFC 5424 APP-NAME and upstream's tag. */
export const APP_NAME = "FusionDirectory-Audit";
/** RFC 5424 SD-ID: FusionDirectory's private enterprise number (its OIDs live under 1.3.6.1.4.1.38414). */
export const SD_ID = "fdAudit@38414";

/** The attributes an export reads. */
export const EVENT_ATTRIBUTES = ["fdAuditDateTime", "fdAuditId", "fdAuditAuthorDN", "fdAuditAuthorIP", "fdAuditAction", "fdAuditObjectType", "fdAuditObject", "fdAuditResult", "fdAuditAttributes"];

/** One `fdAuditEvent`, as exported. */
export interface AuditEvent {
  readonly dn: string;
  readonly time: AuditTime;
  /** `fdAuditDateTime` as stored. */
  readonly dateTime: string;
  readonly id: string | undefined;
  readonly author: string | undefined;
  readonly authorIp: string | undefined;
  readonly action: string | undefined;
  readonly objectType: string | undefined;
  readonly object: string | undefined;
  readonly result: string | undefined;
  /** Every `fdAuditAttributes` value (upstream exported only the first). */
  readonly changes: readonly string[];
}

const present = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value);

export function auditEventOf(entry: DirectoryEntry, time: AuditTime): AuditEvent {
  return {
    dn: entry.dn,
    time,
    dateTime: entry.first("fdAuditDateTime") ?? "",
    id: present(entry.first("fdAuditId")),
    author: present(entry.first("fdAuditAuthorDN")),
    authorIp: present(entry.first("fdAuditAuthorIP")),
    action: present(entry.first("fdAuditAction")),
    objectType: present(entry.first("fdAuditObjectType")),
    object: present(entry.first("fdAuditObject")),
    result: present(entry.first("fdAuditResult")),
    changes: entry.values("fdAuditAttributes"),
  };
}

/** Control characters (CR and LF above all) become spaces: one event is one line, whatever its values hold. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");
}

/** RFC 5424 PARAM-VALUE: `"`, `\` and `]` escaped with a backslash, on one line. */
export function escapeParamValue(value: string): string {
  return oneLine(value).replace(/["\\\]]/g, (char) => `\\${char}`);
}

/** Upstream's `key="value"` pairs, quoted values escaped (`"` and `\`), on one line. */
export function escapeQuoted(value: string): string {
  return oneLine(value).replace(/["\\]/g, (char) => `\\${char}`);
}

/** A header field (HOSTNAME, MSGID...): printable US-ASCII without spaces, at most `max` characters, `-` when empty. */
export function headerField(value: string | undefined, max: number): string {
  const cleaned = (value ?? "").replace(/[^\x21-\x7e]/g, "").slice(0, max);
  return cleaned === "" ? "-" : cleaned;
}

/** The identifier upstream wrote as `id="…"`: `fdAuditId`, else the event's `fdAuditDateTime` (its RDN, unique). */
export function eventId(event: AuditEvent): string {
  return event.id ?? event.dateTime;
}

/**
 * RFC 5424: `<166>1 <UTC timestamp> <host> FusionDirectory-Audit - <action> [fdAudit@38414 id=… dn=… …] <action> <objectType>`.
 * Every `fdAuditAttributes` value is a `changes` parameter of its own (repeating a PARAM-NAME is allowed).
 */
export function formatRfc5424(event: AuditEvent, hostname: string): string {
  const params: Array<[string, string | undefined]> = [
    ["id", event.id],
    ["dn", event.dn],
    ["dateTime", event.dateTime],
    ["author", event.author],
    ["authorIp", event.authorIp],
    ["action", event.action],
    ["objectType", event.objectType],
    ["object", event.object],
    ["result", event.result],
    ...event.changes.map((change): [string, string] => ["changes", change]),
  ];
  const data = params
    .filter((param): param is [string, string] => param[1] !== undefined)
    .map(([name, value]) => `${name}="${escapeParamValue(value)}"`)
    .join(" ");
  const message = oneLine(`${event.action ?? "unknown"} ${event.objectType ?? ""}`.trim()).replace(/[^\x20-\x7e]/g, "?");
  return `${PRI}1 ${rfc3339Of(event.time.key)} ${headerField(hostname, 255)} ${APP_NAME} - ${headerField(event.action, 32)} [${SD_ID} ${data}] ${message}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (value: number): string => String(value).padStart(2, "0");

/** RFC 3164 timestamp `Mmm dd hh:mm:ss` (day space-padded) in `timeZone`. */
export function bsdTimestamp(instant: Date, timeZone: string): string {
  const wall = wallTimeAt(instant, timeZone);
  return `${MONTHS[wall.month - 1] ?? "Jan"} ${String(wall.day).padStart(2, " ")} ${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)}`;
}

/**
 * Upstream's line: `<166>Mmm dd hh:mm:ss <author IP or host> FusionDirectory-Audit: id="…" author="…" action="…"
 * [objectType="…"] [object="…"] [result="…"] [changes="…"]`, the time in FusionDirectory's zone. Unlike upstream,
 * values are escaped, every change is kept (joined with `, `) and the priority is a real one.
 */
export function formatUpstream(event: AuditEvent, hostname: string, timeZone: string): string {
  const pairs: Array<[string, string | undefined]> = [
    ["id", eventId(event)],
    ["author", event.author ?? "unknown"],
    ["action", event.action ?? "unknown"],
    ["objectType", event.objectType],
    ["object", event.object],
    ["result", event.result],
    ["changes", event.changes.length === 0 ? undefined : event.changes.join(", ")],
  ];
  const text = pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `${name}="${escapeQuoted(value)}"`)
    .join(" ");
  const host = headerField(event.authorIp ?? hostname, 255);
  return `${PRI}${bsdTimestamp(event.time.instant, timeZone)} ${host} ${APP_NAME}: ${text}`;
}

export function formatEvent(format: SyslogFormat, event: AuditEvent, hostname: string, timeZone: string): string {
  return format === "rfc5424" ? formatRfc5424(event, hostname) : formatUpstream(event, hostname, timeZone);
}
