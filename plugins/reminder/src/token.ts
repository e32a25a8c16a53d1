// The prolongation token and link consumed by FusionDirectory's user-reminder plugin (accountProlongation.php).
//
// FusionDirectory reads `cn=<uid>,<token branch>,<base>` (objectClass fdTokenEntry), compares `fdToken` with the
// `token` query parameter as a string, requires `fdTokenType=reminder` and `now < fdTokenTimestamp`, then prolongs
// the account as the main task named by `task` says and deletes the entry. It only accepts parameters matching
// `[a-zA-Z0-9._%+-@]+`. Upstream produced 43 characters of [A-Za-z0-9] (base64 of an HMAC with `+`/`/` mapped to
// `A`/`B`, padding removed); this plugin produces the same length and alphabet from a cryptographically random
// source, so links stay compatible and nothing about a token is predictable.
import { randomBytes } from "node:crypto";

/** Characters of a token: URL-safe without encoding, and accepted by accountProlongation.php. */
export const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Upstream's token length (43 characters, about 256 bits with this alphabet). */
export const TOKEN_LENGTH = 43;
/** `fdTokenType` of reminder tokens. */
export const TOKEN_TYPE = "reminder";
/** Token branch below the base when FusionDirectory's configuration names none (`fdReminderTokenRDN`). */
export const DEFAULT_TOKEN_RDN = "ou=tokens";

// The largest multiple of the alphabet size that fits in a byte: bytes at or above it are dropped, so every
// character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % TOKEN_ALPHABET.length);

/** A fresh token: {@link TOKEN_LENGTH} characters drawn uniformly from {@link TOKEN_ALPHABET} with `random`. */
export function generateToken(random: (size: number) => Buffer = randomBytes): string {
  let token = "";
  while (token.length < TOKEN_LENGTH) {
    for (const byte of random(TOKEN_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      token += TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length];
      if (token.length === TOKEN_LENGTH) break;
    }
  }
  return token;
}

/**
 * How many days the token of a reminder lasts. Upstream: the first-call reminder's token lasts until the second call
 * (`first - second` days), any other one `second` days. Where upstream crashed or gave nonsense (no second call, or
 * a second call not below the first), the token lasts the reminder's own window (`helper` days). At least one day.
 */
export function tokenLifetimeDays(helperDays: number, firstCall: number | undefined, secondCall: number | undefined): number {
  let days = helperDays;
  if (secondCall !== undefined && firstCall !== undefined && secondCall < firstCall) {
    days = helperDays === firstCall ? firstCall - secondCall : secondCall;
  } else if (secondCall !== undefined && helperDays === secondCall) {
    days = secondCall;
  }
  return Math.max(1, days);
}

/**
 * FusionDirectory's base URL from its REST API URL: a trailing `/rest.php/v1` (and slashes) removed, as upstream did.
 * `undefined` when there is no URL.
 */
export function fusionDirectoryBaseUrl(apiUrl: string | undefined): string | undefined {
  const trimmed = apiUrl?.trim() ?? "";
  if (trimmed === "") return undefined;
  return trimmed
    .replace(/\/+$/, "")
    .replace(/\/rest\.php\/v1$/i, "")
    .replace(/\/+$/, "");
}

/** `<base>/accountProlongation.php?token=<token>&task=<main task cn>`, the task URL-encoded. */
export function prolongationLink(baseUrl: string, token: string, taskCn: string): string {
  return `${baseUrl}/accountProlongation.php?token=${encodeURIComponent(token)}&task=${encodeURIComponent(taskCn)}`;
}

/** The link as reports show it: never the token itself. */
export function redactedLink(baseUrl: string, taskCn: string): string {
  return prolongationLink(baseUrl, "TOKEN", taskCn).replace("token=TOKEN", "token=<token>");
}

/**
 * The token branch RDN(s) from `fdReminderTokenRDN` (e.g. `ou=tokens` or `ou=reminder,ou=tokens`), or the default
 * when it is absent or not a plain RDN sequence.
 */
export function tokenBranch(configured: string | undefined): string {
  const value = configured?.trim() ?? "";
  if (value === "") return DEFAULT_TOKEN_RDN;
  return /^[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;#]+(,[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;#]+)*$/.test(value) ? value : DEFAULT_TOKEN_RDN;
}
