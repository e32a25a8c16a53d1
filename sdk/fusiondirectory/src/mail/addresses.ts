// Pure helpers for e-mail addresses read from LDAP.

// One plain address: no display name, no list separators, no whitespace or control characters (CR/LF would let a
// directory value inject SMTP headers), exactly one "@" with something on both sides.
const PLAIN_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True for a single plain address that is safe to hand to the mailer as one recipient. @public */
export function isValidAddress(value: string): boolean {
  return !CONTROL.test(value) && PLAIN_ADDRESS.test(value);
}

/**
 * Removes FusionDirectory / SupAnn labels from a stored address: `{PRO}jane@example.org` → `jane@example.org`
 * (several labels are all removed), surrounding blanks trimmed.
 * @public
 */
export function cleanAddressValue(value: string): string {
  return value.replace(/\{[^{}]*\}/g, "").trim();
}

/**
 * True when an `fdTasksGranularMail` value is a DN rather than an address. A DN starts with `attribute=`; a value
 * that is also a plain address (`a=b@example.org`) counts as an address.
 * @public
 */
export function looksLikeDn(value: string): boolean {
  return /^\s*[A-Za-z][A-Za-z0-9-]*\s*=/.test(value) && !isValidAddress(value.trim());
}

/** True for a usable LDAP attribute name (as read from `fdTasksEmailAttribute`). @public */
export function isAttributeName(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(value);
}

/**
 * Addresses without repeats, compared case-insensitively, first spelling and order kept.
 * @public
 */
export function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
