// Who is extracted: the task's users and the members of its groups (every member, nested groups followed; upstream's
// Export kept only the first member of each group), each once, then read one by one with the selected attributes.
import { expandMembers, hasObjectClass, type ReadEntry } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import { attributesToRead } from "./columns.js";
import { fetchError } from "./reports.js";
import type { AttributeSelection } from "./task-spec.js";

/** Only these entries are extracted, as upstream (its read used the filter `(objectClass=inetOrgPerson)`). */
export const USER_OBJECT_CLASS = "inetOrgPerson";

/** The people to extract, and why some listed DNs are not among them. */
export interface ExtractedPeople {
  readonly dns: readonly string[];
  readonly errors: readonly string[];
}

/** Expands the task's DNs into the people to extract. */
export async function peopleToExtract(memberDns: readonly string[], read: ReadEntry, maxDepth: number): Promise<ExtractedPeople> {
  const expansion = await expandMembers(memberDns, read, { maxDepth });
  return {
    dns: expansion.members,
    errors: [...expansion.missing.map((dn) => fetchError(dn, "no such entry")), ...expansion.tooDeep.map((dn) => fetchError(dn, `group nested more than ${maxDepth} levels deep`))],
  };
}

/**
 * Reads each person with the selected attributes, in order, yielding the `inetOrgPerson` entries; a DN that is gone
 * or is not a person adds a text to `errors` and is skipped. Directory failures are thrown.
 */
export async function* readPeople(dns: readonly string[], selection: AttributeSelection, read: ReadEntry, errors: string[]): AsyncGenerator<DirectoryEntry, void, undefined> {
  const selected = attributesToRead(selection);
  // "*" is LDAP's "every user attribute".
  const attributes = selected === undefined ? ["*"] : [...selected, "objectClass"];
  for (const dn of dns) {
    const entry = await read(dn, attributes);
    if (entry === null) errors.push(fetchError(dn, "no such entry"));
    else if (!hasObjectClass(entry, USER_OBJECT_CLASS)) errors.push(fetchError(dn, `not an ${USER_OBJECT_CLASS}`));
    else yield entry;
  }
}
