// Who gets the file. Extractor: the task's resolved addresses (upstream read only those) and its recipient users and
// groups (FD 1.6 stores those; upstream never read them). Export: the subtask's user (upstream read the sender from
// a key it never fetched, so its export mail never went out).
import { cleanAddressValue, expandMembers, isValidAddress, type ReadEntry, uniqueAddresses } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";

/** Where addresses are read when the task's `fdTasksEmailAttribute` gives none. */
export const FALLBACK_EMAIL_ATTRIBUTE = "mail";

/** The addresses found, and the DNs that gave none. */
export interface ResolvedRecipients {
  readonly addresses: readonly string[];
  readonly unresolved: readonly string[];
}

/** A person's first usable address in `attribute`, else in `mail`, `{LABEL}` prefixes removed. */
export function addressOfPerson(person: DirectoryEntry, attribute: string): string | undefined {
  for (const name of new Set([attribute, FALLBACK_EMAIL_ATTRIBUTE])) {
    const address = person.values(name).map(cleanAddressValue).find(isValidAddress);
    if (address !== undefined) return address;
  }
  return undefined;
}

/**
 * The addresses of the given addresses and of the people behind the given DNs (groups expanded, nested ones too),
 * without repeats. A DN that is gone, too deep or has no usable address is listed in `unresolved`.
 */
export async function resolveRecipients(addresses: readonly string[], dns: readonly string[], attribute: string, read: ReadEntry, maxDepth: number): Promise<ResolvedRecipients> {
  const expansion = await expandMembers(dns, read, { maxDepth });
  const found = [...addresses];
  const unresolved = [...expansion.missing, ...expansion.tooDeep];
  for (const dn of expansion.members) {
    const person = await read(dn, [...new Set([attribute, FALLBACK_EMAIL_ATTRIBUTE])]);
    const address = person === null ? undefined : addressOfPerson(person, attribute);
    if (address === undefined) unresolved.push(dn);
    else found.push(address);
  }
  return { addresses: uniqueAddresses(found), unresolved };
}
