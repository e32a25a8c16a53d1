// The groups FusionDirectory lets a task target, and their members: `groupOfNames` and `groupOfURLs` list them in
// `member` (for a dynamic group, the values the dynlist/autogroup overlay computes), `organizationalRole` in
// `roleOccupant`. Anything else (a user, a DSA account without occupants...) is not a group.
import { type DirectoryEntry, dnKey } from "@fdo/sdk";

/** The attribute that lists the members, per group object class (lower case). @public */
export const GROUP_MEMBER_ATTRIBUTES: Readonly<Record<string, string>> = {
  groupofnames: "member",
  groupofurls: "member",
  organizationalrole: "roleOccupant",
};

/** The attributes to read for {@link groupMembersOf}. @public */
export const GROUP_ATTRIBUTES: readonly string[] = ["objectClass", "member", "roleOccupant"];

/** How deep {@link expandMembers} follows groups inside groups by default. @public */
export const DEFAULT_MAX_GROUP_DEPTH = 5;

/** True when the entry has the object class (names compare case-insensitively). @public */
export function hasObjectClass(entry: DirectoryEntry, objectClass: string): boolean {
  const wanted = objectClass.toLowerCase();
  return entry.values("objectClass").some((value) => value.toLowerCase() === wanted);
}

/**
 * The member DNs of a group (blank values dropped), or `undefined` when the entry is not a group, so a user is
 * never mistaken for a group of itself. A group without members gives an empty list.
 * @public
 */
export function groupMembersOf(entry: DirectoryEntry): readonly string[] | undefined {
  const attributes = entry.values("objectClass").flatMap((objectClass) => GROUP_MEMBER_ATTRIBUTES[objectClass.toLowerCase()] ?? []);
  if (attributes.length === 0) return undefined;
  return [...new Set(attributes)]
    .flatMap((attribute) => entry.values(attribute))
    .map((dn) => dn.trim())
    .filter((dn) => dn !== "");
}

/** Reads one entry with the listed attributes, `null` when it does not exist. @public */
export type ReadEntry = (dn: string, attributes: readonly string[]) => Promise<DirectoryEntry | null>;

/** What {@link expandMembers} found. Every list keeps first-seen order and holds each DN once. @public */
export interface MemberExpansion {
  /** The entries that are not groups: the people (or other objects) to act on. */
  readonly members: readonly string[];
  /** The groups that were expanded. */
  readonly groups: readonly string[];
  /** DNs that do not exist. */
  readonly missing: readonly string[];
  /** Groups nested deeper than `maxDepth`, not expanded. */
  readonly tooDeep: readonly string[];
}

/** Options of {@link expandMembers}. @public */
export interface ExpandMembersOptions {
  /** Levels of groups inside groups followed ({@link DEFAULT_MAX_GROUP_DEPTH} by default). */
  readonly maxDepth?: number;
  /** DNs never listed nor expanded, e.g. the group a subtask already targets. */
  readonly exclude?: readonly string[];
}

/**
 * Expands DNs of users and groups into the users: each DN is read once (with {@link GROUP_ATTRIBUTES}), a group gives
 * its members, followed into nested groups up to `maxDepth` levels; a DN met twice (any spelling {@link dnKey}
 * equates, or a group cycle) counts once. Every member is kept, not only the first.
 * @public
 */
export async function expandMembers(dns: readonly string[], read: ReadEntry, options: ExpandMembersOptions = {}): Promise<MemberExpansion> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_GROUP_DEPTH;
  const seen = new Set((options.exclude ?? []).map(dnKey));
  const found: { members: string[]; groups: string[]; missing: string[]; tooDeep: string[] } = { members: [], groups: [], missing: [], tooDeep: [] };
  const visit = async (dn: string, depth: number): Promise<void> => {
    const key = dnKey(dn);
    if (dn === "" || seen.has(key)) return;
    seen.add(key);
    const entry = await read(dn, GROUP_ATTRIBUTES);
    const members = entry === null ? undefined : groupMembersOf(entry);
    if (entry === null) found.missing.push(dn);
    else if (members === undefined) found.members.push(dn);
    else if (depth >= maxDepth) found.tooDeep.push(dn);
    else {
      found.groups.push(dn);
      for (const member of members) await visit(member, depth + 1);
    }
  };
  for (const dn of dns) await visit(dn.trim(), 0);
  return found;
}
