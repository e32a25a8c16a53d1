// The one mail of a main task: the template followed by every user's changes.
import type { MailTemplate } from "@fdo/fusiondirectory";
import { dnKey } from "@fdo/sdk";
import type { AttributeChange } from "./audit-changes.js";
import { isSecretAttribute } from "./secret-attributes.js";

/** The reported changes of one user, merged over all the audit events of the run's subtasks. */
export interface UserDigest {
  readonly userDn: string;
  readonly changes: readonly AttributeChange[];
}

/** One audit event's matched changes for a user; the caller passes them in event time order. */
export type UserChanges = UserDigest;

/**
 * Merges changes per user (users in first-seen order) and per attribute (attributes in first-seen order): the
 * newest event's values win, the oldest recorded "old" values are kept, so several events read `first → last`.
 */
export function mergeByUser(items: readonly UserChanges[]): UserDigest[] {
  const users = new Map<string, { userDn: string; changes: Map<string, AttributeChange> }>();
  for (const item of items) {
    const key = dnKey(item.userDn);
    let user = users.get(key);
    if (user === undefined) {
      user = { userDn: item.userDn, changes: new Map() };
      users.set(key, user);
    }
    for (const change of item.changes) {
      const attributeKey = change.attribute.toLowerCase();
      const previous = user.changes.get(attributeKey);
      user.changes.set(attributeKey, previous === undefined ? change : { attribute: previous.attribute, newValues: change.newValues, oldValues: previous.oldValues ?? change.oldValues });
    }
  }
  return [...users.values()].filter((user) => user.changes.size > 0).map((user) => ({ userDn: user.userDn, changes: [...user.changes.values()] }));
}

// Values are shown on one line each: control characters (a CR/LF in a directory value) are escaped, long values cut.
const MAX_VALUE_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

function showValue(value: string): string {
  const escaped = value.replace(CONTROL, (char) => (char === "\n" ? "\\n" : char === "\r" ? "\\r" : char === "\t" ? "\\t" : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`));
  return escaped.length > MAX_VALUE_LENGTH ? `${escaped.slice(0, MAX_VALUE_LENGTH)}…` : escaped;
}

function showValues(values: readonly string[]): string {
  return values.length === 0 ? "(none)" : values.map(showValue).join(", ");
}

/**
 * `  attr: new` or, when the audit recorded the previous values, `  attr: old → new`; a password, key or secret
 * attribute only says that it changed.
 */
export function changeLine(change: AttributeChange): string {
  if (isSecretAttribute(change.attribute)) return `  ${change.attribute}: (changed, value not shown)`;
  const after = showValues(change.newValues);
  return change.oldValues === undefined ? `  ${change.attribute}: ${after}` : `  ${change.attribute}: ${showValues(change.oldValues)} → ${after}`;
}

/** What the digest shows of each change. */
export interface DigestOptions {
  /** Values too (`NOTIFICATIONS_INCLUDE_VALUES`); by default only attribute names, as upstream. */
  readonly includeValues: boolean;
}

/**
 * One line per user, upstream's `<user DN> attrs=[a, b]`; with values, each followed by one line per attribute
 * and the users' blocks separated by a blank line.
 */
export function digestLines(users: readonly UserDigest[], options: DigestOptions): string {
  const namesLine = (user: UserDigest) => `${showValue(user.userDn)} attrs=[${user.changes.map((change) => change.attribute).join(", ")}]`;
  if (!options.includeValues) return users.map(namesLine).join("\n");
  return users.map((user) => [namesLine(user), ...user.changes.map(changeLine)].join("\n")).join("\n\n");
}

/** The mail text: template body, the users' lines, then `"\n\n" + signature` when the template has one. */
export function digestText(template: Pick<MailTemplate, "body" | "signature">, users: readonly UserDigest[], options: DigestOptions): string {
  const body = `${template.body.replace(/\s+$/, "")}\n\n${digestLines(users, options)}`;
  return template.signature === undefined ? body : `${body}\n\n${template.signature}`;
}
