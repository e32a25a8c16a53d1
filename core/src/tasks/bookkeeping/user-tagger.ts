import type { Directory } from "@fdo/sdk";
import { FD16 } from "./fd16-writes.js";

const TYPE_OR_VALUE_EXISTS = 20;
const OBJECT_CLASS_VIOLATION = 65;

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
    if (resultCode(error) === TYPE_OR_VALUE_EXISTS) return false;
    throw error;
  }
}

/**
 * Records on a user that a main task was executed for them, as FD 1.6 does: the main task DN is added (never a
 * replace) to `fdTasksExecutedDNs`, with auxiliary class `fdTasksInfos` added first when the user lacks it. A value
 * already present is fine. The common case (class present) costs one modify; a user without the class, two.
 */
export async function tagUser(directory: Directory, userDn: string, mainTaskDn: string): Promise<void> {
  const value = { operation: "add" as const, attribute: FD16.executedDns, values: [mainTaskDn] };
  try {
    await added(directory, userDn, [value]);
    return;
  } catch (error) {
    if (resultCode(error) !== OBJECT_CLASS_VIOLATION) throw error;
  }
  // The class is missing. If it appeared meanwhile (another run tagged the user), the add reports it exists: add the value alone.
  if (!(await added(directory, userDn, [{ operation: "add", attribute: "objectClass", values: [FD16.taskInfos] }, value]))) await added(directory, userDn, [value]);
}
