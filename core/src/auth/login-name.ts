import { AuthUsernameInvalidError } from "./auth-errors.js";

/** Longest login name accepted; FusionDirectory DSA names are short, and longer ones only cost LDAP work and log. */
export const MAX_LOGIN_NAME_LENGTH = 256;

// C0 and C1 control characters (NUL, tab, line breaks, DEL...) and lone surrogates (broken UTF-16, which would
// reach LDAP as U+FFFD): never part of a DSA name.
const UNACCEPTABLE = /[\p{Cc}\p{Cs}]/u;

/**
 * Refuses, before any directory work, a login name that cannot be a DSA account's: longer than
 * {@link MAX_LOGIN_NAME_LENGTH} characters, holding control characters, or not well-formed UTF-16 (a lone
 * surrogate). Throws `FDO_ERR_AUTH_USERNAME_INVALID`.
 */
export function assertLoginName(name: string): void {
  if ([...name].length > MAX_LOGIN_NAME_LENGTH || UNACCEPTABLE.test(name)) throw new AuthUsernameInvalidError();
}

/**
 * The name as the directory compares it, near enough to count failures of an unknown account once however it is
 * spelt: LDAP matches `cn` ignoring case, Unicode compatibility forms (fullwidth letters) and insignificant spaces
 * (NBSP, ideographic space, runs of spaces), so `"Legacy-Client "` and `"legacy-client"` are one name. Upper- then
 * lower-casing folds more than lower-casing alone (`ß` → `ss`).
 */
export function normalisedLoginName(name: string): string {
  return name.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").replace(/\s+/gu, " ").trim();
}
