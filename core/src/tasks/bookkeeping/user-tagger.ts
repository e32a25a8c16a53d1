import { type Directory, type DirectoryChange, type DirectoryEntry, dnKey } from "@fdo/sdk";
import { LdapResultCode } from "../../ldap/map-ldap-error.js";
import { FD16 } from "./fd16-writes.js";

/** The auxiliary class FD 1.6's record needs on a user. */
const CLASS_CHANGE: DirectoryChange = { operation: "add", attribute: "objectClass", values: [FD16.taskInfos] };

/** The record itself: the main task DN added to the user's history. */
const valueChange = (mainTaskDn: string): DirectoryChange => ({ operation: "add", attribute: FD16.executedDns, values: [mainTaskDn] });

function resultCode(error: unknown): number | undefined {
  const code = (error as { details?: Readonly<Record<string, unknown>> } | null)?.details?.["resultCode"];
  return typeof code === "number" ? code : undefined;
}

/** Adds values; true when they were added, false when the directory already had one of them. */
async function added(directory: Directory, dn: string, changes: Parameters<Directory["modify"]>[1]): Promise<boolean> {
  try {
    await directory.modify(dn, changes);
    return true;
  } catch (error) {
    if (resultCode(error) === LdapResultCode.typeOrValueExists) return false;
    throw error;
  }
}

/**
 * Records on a user that a main task was executed for them, as FD 1.6 does: the main task DN is added (never a
 * replace) to `fdTasksExecutedDNs`, with auxiliary class `fdTasksInfos` added when the user lacks it. A value
 * already present is fine. `classLikelyMissing` picks the first try: the value alone, or the class with it (the
 * directory refuses either when wrong, and the other follows), so a run tagging users alike costs one modify per user.
 * Resolves whether the user lacked the class.
 */
export async function tagUser(directory: Directory, userDn: string, mainTaskDn: string, classLikelyMissing = false): Promise<boolean> {
  const value = valueChange(mainTaskDn);
  const withClass = [CLASS_CHANGE, value];
  if (classLikelyMissing) {
    // Refused as existing: the class is there (or the value too); the value alone settles it.
    if (await added(directory, userDn, withClass)) return true;
    await added(directory, userDn, [value]);
    return false;
  }
  try {
    await added(directory, userDn, [value]);
    return false;
  } catch (error) {
    if (resultCode(error) !== LdapResultCode.objectClassViolation) throw error;
  }
  // The class is missing. If it appeared meanwhile (another run tagged the user), the add reports it exists: add the value alone.
  if (!(await added(directory, userDn, withClass))) await added(directory, userDn, [value]);
  return true;
}

/**
 * What records `mainTaskDn` on `user` (read with `objectClass` and `fdTasksExecutedDNs`) inside another modify of
 * it: the value, and the class when the user lacks it; nothing when the value is there (DNs compared by dnKey).
 */
export function executionRecordChanges(user: DirectoryEntry, mainTaskDn: string): DirectoryChange[] {
  const wanted = dnKey(mainTaskDn);
  if (user.values(FD16.executedDns).some((dn) => dnKey(dn) === wanted)) return [];
  const hasClass = user.values("objectClass").some((name) => name.toLowerCase() === FD16.taskInfos.toLowerCase());
  return hasClass ? [valueChange(mainTaskDn)] : [CLASS_CHANGE, valueChange(mainTaskDn)];
}
