// A subtask whose fdTasksGranularDN is a group stands for its members: it is expanded into one subtask per member,
// once. Upstream "expanded" every subtask, a plain user too, into a copy of itself on each run; here a user is never
// expanded, and each child's cn is a pure function of the parent subtask and the member, so running the expansion
// again (or two runs at once) adds nothing: the second add of the same DN is "already exists".
import { createHash } from "node:crypto";
import { expandMembers, GROUP_ATTRIBUTES, groupMembersOf, type MemberExpansion, type ReadEntry } from "@fdo/fusiondirectory";
import { childDn, type DirectoryEntry, dnKey, type Subtask } from "@fdo/sdk";
import { ARCHIVE_STATE_ATTRIBUTE } from "./match.js";

/** Copied from the group's subtask to each member's, when present (the FD 1.6 spelling of the creation date included). */
export const COPIED_ATTRIBUTES: readonly string[] = ["fdTasksGranularMaster", "fdTasksGranularType", "fdTasksGranularSchedule", "fdTasksGranularCreationdate", "fdTasksGranularHelper"];

/** The longest member RDN value kept in a child's cn (the hash keeps names unique anyway). */
export const MAX_NAME_PART = 40;

/** A subtask to add for one member. */
export interface ChildSubtask {
  readonly dn: string;
  readonly memberDn: string;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
}

/** What a subtask's target turned out to be. */
export type ArchiveTarget =
  /** A user (any entry that is not a group): check its state and archive it. `entry` holds its state values. */
  | { readonly kind: "user"; readonly entry: DirectoryEntry }
  /** A group: add `children` (one per member) and finish this subtask. */
  | { readonly kind: "group"; readonly groupDn: string; readonly children: readonly ChildSubtask[]; readonly expansion: MemberExpansion }
  /** Nothing at that DN. */
  | { readonly kind: "missing"; readonly dn: string };

/** The value of the first RDN of a DN, unescaped, reduced to characters safe in a name. */
function rdnValue(dn: string): string {
  let value = "";
  let started = false;
  for (let index = 0; index < dn.length; index += 1) {
    const char = dn[index] as string;
    if (char === "\\") {
      value += dn[index + 1] ?? "";
      index += 1;
    } else if (!started) {
      started = char === "=";
    } else if (char === "," || char === "+") {
      break;
    } else {
      value += char;
    }
  }
  const safe = value
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, MAX_NAME_PART);
  return safe === "" ? "member" : safe;
}

/** The DN of the branch holding `dn` (everything after its first unescaped comma). */
export function parentDnOf(dn: string): string {
  for (let index = 0; index < dn.length; index += 1) {
    if (dn[index] === "\\") index += 1;
    else if (dn[index] === ",") return dn.slice(index + 1);
  }
  return "";
}

/**
 * The cn of the member's subtask, in upstream's shape `<parent cn up to its last '-'>extract-<member RDN value>-<the
 * rest>`, plus 8 hex digits of the member DN's hash: members with the same RDN value in different branches get
 * different names, and the same parent and member always give the same name.
 */
export function childSubtaskCn(parentCn: string, memberDn: string): string {
  const hash = createHash("sha256").update(dnKey(memberDn)).digest("hex").slice(0, 8);
  const cut = parentCn.lastIndexOf("-");
  const head = cut === -1 ? `${parentCn}-` : parentCn.slice(0, cut + 1);
  const tail = cut === -1 ? "" : `-${parentCn.slice(cut + 1)}`;
  return `${head}extract-${rdnValue(memberDn)}${tail}-${hash}`;
}

/** The member's subtask: a sibling of the group's, status `1`, targeting the member, with the copied attributes. */
export function childSubtask(parent: Pick<Subtask, "dn" | "cn" | "entry">, memberDn: string): ChildSubtask {
  const cn = childSubtaskCn(parent.cn, memberDn);
  const attributes: Record<string, string | readonly string[]> = { objectClass: ["top", "fdTasksGranular"], cn };
  for (const name of COPIED_ATTRIBUTES) {
    const values = parent.entry.values(name);
    if (values.length > 0) attributes[name] = values.length === 1 ? (values[0] as string) : values;
  }
  attributes["fdTasksGranularStatus"] = "1";
  attributes["fdTasksGranularDN"] = memberDn;
  return { dn: childDn("cn", cn, parentDnOf(parent.dn)), memberDn, attributes };
}

/** Attributes read on the target: enough to tell a group from a user, and the user's state. */
export const TARGET_ATTRIBUTES: readonly string[] = [...GROUP_ATTRIBUTES, ARCHIVE_STATE_ATTRIBUTE];

/**
 * Reads the subtask's target and says what it is. A group (`groupOfNames`, `groupOfURLs`, `organizationalRole`) is
 * expanded into all its members, nested groups followed up to `maxDepth` levels, each member once; the group itself
 * is never one of its members.
 */
export async function planArchiveTarget(parent: Pick<Subtask, "dn" | "cn" | "entry">, targetDn: string, read: ReadEntry, maxDepth: number): Promise<ArchiveTarget> {
  const target = await read(targetDn, TARGET_ATTRIBUTES);
  if (target === null) return { kind: "missing", dn: targetDn };
  const members = groupMembersOf(target);
  if (members === undefined) return { kind: "user", entry: target };
  const expansion = await expandMembers(members, read, { maxDepth, exclude: [targetDn] });
  return { kind: "group", groupDn: targetDn, children: expansion.members.map((member) => childSubtask(parent, member)), expansion };
}
