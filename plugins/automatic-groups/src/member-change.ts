// Adding or removing one user in the target group, as one LDAP value: `add member: <user>` or `delete member: <user>`,
// never upstream's read-modify-replace of the whole list, which lost the members FusionDirectory or a concurrent run
// added in between. A groupOfNames must keep one member (its schema requires `member`, and FusionDirectory refuses to
// save an empty object group), so its last member is kept, as upstream's later revision did, and the report says so.
import { hasObjectClass } from "@fdo/fusiondirectory";
import { type DirectoryChange, type DirectoryEntry, dnKey, LdapConflictError } from "@fdo/sdk";

/** LDAP result codes a single-value change meets when another writer got there first. */
export const LDAP_RESULT = { noSuchAttribute: 16, attributeOrValueExists: 20, objectClassViolation: 65 } as const;

/** What to do with one user in one group. */
export type MembershipChange =
  | { readonly action: "add"; readonly change: DirectoryChange; readonly message: string }
  | { readonly action: "remove"; readonly change: DirectoryChange; readonly message: string }
  /** Nothing to write: already as it should be, or the last member of a groupOfNames. */
  | { readonly action: "none"; readonly message: string };

export type MembershipChangeResult = { readonly ok: true; readonly change: MembershipChange } | { readonly ok: false; readonly error: string };

/** Upstream's messages, and the one for the kept last member. */
export const messages = {
  added: (user: string, group: string) => `User ${user} successfully added to group ${group}`,
  alreadyPresent: (user: string, group: string) => `User ${user} already present in group ${group} - no need to add`,
  removed: (user: string, group: string) => `User ${user} removed from group ${group}`,
  notPresent: (user: string, group: string) => `User ${user} not present in group ${group} - no need to remove`,
  keptLast: (user: string, group: string) => `User ${user} is the last member of group ${group} - kept, a groupOfNames cannot be empty`,
  wouldAdd: (user: string, group: string) => `User ${user} would be added to group ${group}`,
  wouldRemove: (user: string, group: string) => `User ${user} would be removed from group ${group}`,
} as const;

/** The member attribute of a group, and whether the group may be left empty. */
function memberAttribute(group: DirectoryEntry): { readonly attribute: string; readonly mayBeEmpty: boolean } | string {
  if (hasObjectClass(group, "groupOfURLs")) return "it is a dynamic group (groupOfURLs): its members come from its memberURL";
  if (hasObjectClass(group, "groupOfNames")) return { attribute: "member", mayBeEmpty: false };
  if (hasObjectClass(group, "organizationalRole")) return { attribute: "roleOccupant", mayBeEmpty: true };
  return "it is not a groupOfNames or an organizationalRole";
}

/**
 * Decides the one value to add or remove for `userDn` in `group` (read with the SDK's `GROUP_ATTRIBUTES`). Membership is
 * compared on the DN (any spelling `dnKey` equates); a removal deletes the value as stored.
 */
export function membershipChange(group: DirectoryEntry, userDn: string, belongs: boolean): MembershipChangeResult {
  const kind = memberAttribute(group);
  if (typeof kind === "string") return { ok: false, error: `Target group ${group.dn}: ${kind}` };
  const members = group.values(kind.attribute);
  const stored = members.find((member) => dnKey(member) === dnKey(userDn));
  const g = group.dn;
  if (belongs) {
    if (stored !== undefined) return { ok: true, change: { action: "none", message: messages.alreadyPresent(userDn, g) } };
    return { ok: true, change: { action: "add", change: { operation: "add", attribute: kind.attribute, values: [userDn] }, message: messages.added(userDn, g) } };
  }
  if (stored === undefined) return { ok: true, change: { action: "none", message: messages.notPresent(userDn, g) } };
  if (!kind.mayBeEmpty && members.length === 1) return { ok: true, change: { action: "none", message: messages.keptLast(userDn, g) } };
  return { ok: true, change: { action: "remove", change: { operation: "delete", attribute: kind.attribute, values: [stored] }, message: messages.removed(userDn, g) } };
}

/** How a change was refused, as the directory reported it. */
export interface Refusal {
  readonly code: string;
  readonly resultCode?: number | undefined;
}

/**
 * When a change was refused because another writer got there first, the message that describes the group as it now
 * is (the value was already added, already removed, or is now the last member); `undefined` for a real failure.
 */
export function settledByRace(change: MembershipChange, userDn: string, groupDn: string, refusal: Refusal): string | undefined {
  if (change.action === "add" && refusal.resultCode === LDAP_RESULT.attributeOrValueExists) return messages.alreadyPresent(userDn, groupDn);
  if (change.action !== "remove") return undefined;
  if (refusal.code === LdapConflictError.code || refusal.resultCode === LDAP_RESULT.noSuchAttribute) return messages.notPresent(userDn, groupDn);
  if (refusal.resultCode === LDAP_RESULT.objectClassViolation) return messages.keptLast(userDn, groupDn);
  return undefined;
}
