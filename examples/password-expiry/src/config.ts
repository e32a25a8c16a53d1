// The plugin's configuration schema. Every key is read from orchestrator.conf or the environment and validated
// before the plugin starts: a bad value refuses the plugin (FDO_ERR_PLUGIN_CONFIG_INVALID) naming the key.
import { type ConfigField, field, type InferConfig, type ParseResult } from "@fdo/sdk";

/** Reminder lead times when none are configured (ipa-epn's default `notify_ttls`). */
export const DEFAULT_LEAD_DAYS: readonly number[] = [28, 14, 7, 3, 1];
/** Base of the user search when none is configured: people with a password-change date. */
export const DEFAULT_USER_FILTER = "(objectClass=inetOrgPerson)";
export const DEFAULT_SUBJECT = "Your password expires in {days} day(s)";
export const DEFAULT_BODY = "Hello {name},\\n\\nThe password of your account {uid} expires on {expiry}, in {days} day(s).\\nPlease change it before then. {url}\\n";

const MAX_LEAD_DAYS = 366;

/**
 * A field with its own parser. The SDK's `field.*` builders cannot check list items or filter syntax, but
 * `ConfigField` is a public interface, so a plugin may implement it.
 */
function checkedField<T>(options: { key: string; description: string; default: T; kind: string }, parse: (raw: string) => ParseResult<T>): ConfigField<T> {
  return {
    key: options.key,
    aliases: [],
    description: options.description,
    secret: false,
    required: false,
    defaultValue: options.default,
    kind: options.kind,
    parse: parse as ConfigField<T>["parse"],
  };
}

/** `28,7,1` → `[1, 7, 28]`: whole days, 1–366, no duplicates. */
export function parseLeadDays(raw: string): ParseResult<readonly number[]> {
  const items = raw.split(",").map((item) => item.trim());
  if (items.some((item) => !/^\d+$/.test(item))) return { ok: false, message: "must be a comma-separated list of whole days, e.g. 28,7,1" };
  const days = items.map(Number);
  if (days.some((day) => day < 1 || day > MAX_LEAD_DAYS)) return { ok: false, message: `lists days between 1 and ${MAX_LEAD_DAYS}` };
  if (new Set(days).size !== days.length) return { ok: false, message: "lists a day twice" };
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

/** An RFC 4515 filter as an administrator writes it: parenthesised, balanced, no NUL. */
export function parseFilter(raw: string): ParseResult<string> {
  let depth = 0;
  let escaped = false;
  for (const char of raw) {
    if (escaped) escaped = false;
    else if (char === "\\") escaped = true;
    else if (char === "(") depth += 1;
    else if (char === ")" && --depth < 0) break;
    else if (char === "\0") return { ok: false, message: "contains a NUL character" };
  }
  if (!raw.startsWith("(") || !raw.endsWith(")") || depth !== 0) return { ok: false, message: "must be one parenthesised LDAP filter with balanced parentheses" };
  return { ok: true, value: raw };
}

const DN_HINT = "must be a DN such as ou=people,dc=example,dc=org";
const DN_PATTERN = /^[A-Za-z][A-Za-z0-9-]*=[^,]+(,[A-Za-z][A-Za-z0-9-]*=[^,]+)*$/;

export const configSchema = {
  leadDays: checkedField({ key: "PASSWORD_EXPIRY_LEAD_DAYS", description: "days before expiry at which a reminder is sent, e.g. 28,7,1", default: DEFAULT_LEAD_DAYS, kind: "list" }, parseLeadDays),
  mailFrom: field.string({
    key: "PASSWORD_EXPIRY_MAIL_FROM",
    description: "sender address of the reminders",
    required: true,
    pattern: /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/,
    patternHint: "must be one plain e-mail address",
  }),
  userBase: field.string({ key: "PASSWORD_EXPIRY_USER_BASE", description: "where users are searched (default: LDAP_BASE)", pattern: DN_PATTERN, patternHint: DN_HINT }),
  userFilter: checkedField(
    { key: "PASSWORD_EXPIRY_USER_FILTER", description: "which entries are users (ANDed with having a password-change date)", default: DEFAULT_USER_FILTER, kind: "string" },
    parseFilter,
  ),
  mailAttribute: field.string({
    key: "PASSWORD_EXPIRY_MAIL_ATTRIBUTE",
    description: "attribute holding the user's address",
    default: "mail",
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    patternHint: "must be an attribute name",
  }),
  maxAgeDays: field.integer({
    key: "PASSWORD_EXPIRY_MAX_AGE_DAYS",
    description: "password lifetime in days when the user has no shadowMax and no ppolicy pwdMaxAge applies",
    min: 1,
    max: 36500,
  }),
  policyDn: field.string({
    key: "PASSWORD_EXPIRY_POLICY_DN",
    description: "default ppolicy entry (pwdMaxAge) for users with pwdChangedTime and no pwdPolicySubentry",
    pattern: DN_PATTERN,
    patternHint: DN_HINT,
  }),
  subject: field.string({ key: "PASSWORD_EXPIRY_SUBJECT", description: "mail subject; placeholders {uid} {name} {days} {expiry} {lead}", default: DEFAULT_SUBJECT }),
  body: field.string({ key: "PASSWORD_EXPIRY_BODY", description: "mail body (\\n for a new line); placeholders as the subject, plus {url}", default: DEFAULT_BODY }),
  template: field.string({ key: "PASSWORD_EXPIRY_MAIL_TEMPLATE", description: "cn of a FusionDirectory mail template used instead of SUBJECT/BODY" }),
  changeUrl: field.url({ key: "PASSWORD_EXPIRY_CHANGE_URL", description: "where users change their password ({url} in the body)", protocols: ["https:", "http:"] }),
};

export type PasswordExpiryConfig = InferConfig<typeof configSchema>;
