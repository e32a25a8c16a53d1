// Who receives a main task's notification: FD 1.5's stored address list, or FD 1.6's recipient members.
import { cleanAddressValue, isAttributeName, isValidAddress, uniqueAddresses } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import { quoteValue } from "./audit-changes.js";

/** Address attribute when the main task names none (`fdTasksEmailAttribute`), and the fallback. */
export const DEFAULT_EMAIL_ATTRIBUTE = "mail";
/** Group nesting followed when expanding recipient members. */
export const MAX_GROUP_DEPTH = 5;

/** The recipients of one main task, or why there are none. */
export type Recipients = { readonly ok: true; readonly recipients: readonly string[]; readonly unresolved: readonly string[] } | { readonly ok: false; readonly error: string };

/**
 * FD 1.5: `fdTasksNotificationsListOfRecipientsMails`, the addresses FusionDirectory resolved when the task was
 * saved. `{LABEL}` prefixes are removed; every value must then be one plain address (a CR/LF or a list separator
 * in a directory value would otherwise add headers or recipients).
 */
export function staticRecipients(values: readonly string[]): Recipients {
  const cleaned = values.map(cleanAddressValue).filter((value) => value !== "");
  if (cleaned.length === 0) return { ok: false, error: "No recipient: fdTasksNotificationsListOfRecipientsMails is empty" };
  const invalid = cleaned.find((value) => !isValidAddress(value));
  if (invalid !== undefined) return { ok: false, error: `Invalid recipient address: ${quoteValue(invalid)}` };
  return { ok: true, recipients: uniqueAddresses(cleaned), unresolved: [] };
}

/** The address attribute for a main task: `fdTasksEmailAttribute` when it is a usable name, else `mail`. */
export function emailAttributeOf(main: DirectoryEntry): string {
  const named = main.first("fdTasksEmailAttribute")?.trim();
  return named !== undefined && isAttributeName(named) ? named : DEFAULT_EMAIL_ATTRIBUTE;
}

/** The first usable address of a user in `attribute`, else in `mail`, labels removed. */
export function addressOf(user: DirectoryEntry, attribute: string): string | undefined {
  const names = attribute.toLowerCase() === DEFAULT_EMAIL_ATTRIBUTE ? [attribute] : [attribute, DEFAULT_EMAIL_ATTRIBUTE];
  for (const name of names) {
    const address = user.values(name).map(cleanAddressValue).find(isValidAddress);
    if (address !== undefined) return address;
  }
  return undefined;
}

/** Reads one entry (`null` when it does not exist) with the listed attributes. */
export type ReadEntry = (dn: string, attributes: readonly string[]) => Promise<DirectoryEntry | null>;

/**
 * FD 1.6: `fdTasksNotificationsRecipientsMembers` are user or group DNs. A user gives its address (`attribute`, then
 * `mail`); a group (`member` / `uniqueMember`) gives its members' addresses, nested groups followed up to
 * {@link MAX_GROUP_DEPTH} levels, each entry read once. DNs without an address are listed in `unresolved`; none at
 * all is upstream's error "Could not resolve emails for recipients".
 */
export async function memberRecipients(memberDns: readonly string[], attribute: string, read: ReadEntry): Promise<Recipients> {
  const dns = memberDns.map((dn) => dn.trim()).filter((dn) => dn !== "");
  if (dns.length === 0) return { ok: false, error: "No recipient: fdTasksNotificationsRecipientsMembers is empty" };
  const attributes = [...new Set([attribute, DEFAULT_EMAIL_ATTRIBUTE, "member", "uniqueMember"])];
  const visited = new Set<string>();
  const recipients: string[] = [];
  const unresolved: string[] = [];
  const visit = async (dn: string, depth: number): Promise<void> => {
    const key = dn.toLowerCase();
    if (visited.has(key)) return;
    visited.add(key);
    const entry = await read(dn, attributes);
    if (entry === null) {
      unresolved.push(dn);
      return;
    }
    const members = [...entry.values("member"), ...entry.values("uniqueMember")];
    if (members.length > 0) {
      if (depth >= MAX_GROUP_DEPTH) unresolved.push(dn);
      else for (const member of members) await visit(member.trim(), depth + 1);
      return;
    }
    const address = addressOf(entry, attribute);
    if (address === undefined) unresolved.push(dn);
    else recipients.push(address);
  };
  for (const dn of dns) await visit(dn, 0);
  if (recipients.length === 0) return { ok: false, error: `Could not resolve emails for recipients: ${unresolved.join("; ")}` };
  return { ok: true, recipients: uniqueAddresses(recipients), unresolved };
}
