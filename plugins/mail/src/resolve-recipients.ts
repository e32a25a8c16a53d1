import { cleanAddressValue, isValidAddress, looksLikeDn, uniqueAddresses } from "@fdo/fusiondirectory";
import type { DirectoryEntry, Subtask } from "@fdo/sdk";

/** `fdTasksGranularType` written by FusionDirectory 1.6: the recipient is a user DN. */
export const FD16_MAIL_TYPE = "mail";
/** `fdTasksGranularType` written by FusionDirectory 1.5: the recipients are addresses. */
export const FD15_MAIL_TYPE = "Mail Object";
/** Address attribute used when the main task names none, and the fallback when the named one is empty. */
export const DEFAULT_EMAIL_ATTRIBUTE = "mail";

/** The recipients of one subtask, or why there are none. */
export type RecipientResolution =
  /** `userDn`: the FD 1.6 recipient's entry, whose attributes fill the template's macros. */
  | { readonly ok: true; readonly recipients: readonly string[]; readonly userDn?: string }
  /** `unresolved`: an FD 1.6 recipient DN without an address (the newest upstream's status `ERROR`). */
  | { readonly ok: false; readonly error: string; readonly unresolved?: true };

/** What resolving recipients needs from the directory (cached per run by the caller). */
export interface RecipientLookup {
  /** The attribute holding the address for subtasks of this main task (`fdTasksEmailAttribute`). */
  emailAttribute(masterDn: string): Promise<string>;
  /** Reads a user entry, `null` when it does not exist. */
  readUser(dn: string, attributes: readonly string[]): Promise<DirectoryEntry | null>;
}

/** Shows a directory value safely inside a status text (quotes it, escapes CR/LF and other controls). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** The error text of a DN whose address cannot be found (upstream's wording). */
export function unresolvedDnError(dn: string): string {
  return `Could not resolve email for DN: ${dn}`;
}

/**
 * The address of a user: the first usable value of `attribute` with `{LABEL}` prefixes removed (SupAnn style),
 * else the first usable `mail`; `undefined` when neither has one.
 */
export function addressFromUser(user: DirectoryEntry, attribute: string): string | undefined {
  const candidates = [attribute, ...(attribute.toLowerCase() === DEFAULT_EMAIL_ATTRIBUTE ? [] : [DEFAULT_EMAIL_ATTRIBUTE])];
  for (const name of candidates) {
    const address = user.values(name).map(cleanAddressValue).find(isValidAddress);
    if (address !== undefined) return address;
  }
  return undefined;
}

/** FD 1.5: every `fdTasksGranularMail` value is one address; all must be valid. */
export function addressRecipients(values: readonly string[]): RecipientResolution {
  const trimmed = values.map((value) => value.trim()).filter((value) => value !== "");
  if (trimmed.length === 0) return { ok: false, error: "No recipient: fdTasksGranularMail is empty" };
  const invalid = trimmed.find((value) => !isValidAddress(value));
  if (invalid !== undefined) return { ok: false, error: `Invalid recipient address: ${quote(invalid)}` };
  return { ok: true, recipients: uniqueAddresses(trimmed) };
}

/**
 * The recipients of a mail subtask. FD 1.5 (`Mail Object`): all values of `fdTasksGranularMail`, as addresses.
 * FD 1.6 (`mail`): `fdTasksGranularMail[0]` is a user DN whose address is read from the main task's
 * `fdTasksEmailAttribute` (falling back to `mail`); a value that is already an address is used as is.
 */
export async function resolveRecipients(subtask: Subtask, lookup: RecipientLookup): Promise<RecipientResolution> {
  const values = subtask.entry.values("fdTasksGranularMail");
  if (subtask.type !== FD16_MAIL_TYPE) return addressRecipients(values);

  const first = values[0]?.trim();
  if (first === undefined || first === "") return { ok: false, error: "No recipient: fdTasksGranularMail is empty" };
  if (!looksLikeDn(first)) return addressRecipients([first]);

  const attribute = await lookup.emailAttribute(subtask.masterDn);
  const user = await lookup.readUser(first, attribute.toLowerCase() === DEFAULT_EMAIL_ATTRIBUTE ? [DEFAULT_EMAIL_ATTRIBUTE] : [attribute, DEFAULT_EMAIL_ATTRIBUTE]);
  const address = user === null ? undefined : addressFromUser(user, attribute);
  return address === undefined ? { ok: false, error: unresolvedDnError(first), unresolved: true } : { ok: true, recipients: [address], userDn: first };
}
