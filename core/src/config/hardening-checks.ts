import { invalidProxyEntries } from "../http/trusted-proxies.js";
import { type CoreConfig, coreConfigSchema } from "./core-schema.js";
import type { ConfigProblem, RawConfig } from "./validate-config.js";

const isSet = (raw: RawConfig, key: string): boolean => raw[key] !== undefined && raw[key] !== "";

const plainAuth = (config: CoreConfig): boolean => config.mailAuth && config.mailSecurity === "none";

/**
 * Cross-field problems of the security settings: SMTP authentication over plain text without the explicit
 * opt-in, trusted proxies that are not addresses, a session cap shorter than one refresh token's life.
 */
export function hardeningProblems(config: CoreConfig, raw: RawConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (plainAuth(config) && !config.mailAllowPlainAuth) {
    problems.push({
      key: "MAIL_AUTH",
      message: "MAIL_AUTH=TRUE with MAIL_SEC=none would send the SMTP password unencrypted: set MAIL_SEC to ssl, tls or starttls, or MAIL_ALLOW_PLAIN_AUTH=TRUE to accept that",
    });
  }
  const invalid = invalidProxyEntries(config.httpTrustedProxies);
  if (invalid.length > 0) {
    problems.push({
      key: "HTTP_TRUSTED_PROXIES",
      message: `HTTP_TRUSTED_PROXIES: ${invalid.map((entry) => JSON.stringify(entry)).join(", ")} is not an IP address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`,
    });
  }
  if (isSet(raw, "REFRESH_ABSOLUTE_LIFETIME") && config.refreshAbsoluteLifetime < config.refreshExpiry) {
    problems.push({ key: "REFRESH_ABSOLUTE_LIFETIME", message: `REFRESH_ABSOLUTE_LIFETIME (${config.refreshAbsoluteLifetime} s) is shorter than REFRESH_EXPIRY (${config.refreshExpiry} s)` });
  }
  return problems;
}

/** Security settings that are accepted but worth telling the admin about. */
export function hardeningWarnings(config: CoreConfig, raw: RawConfig): string[] {
  const warnings: string[] = [];
  if (plainAuth(config) && config.mailAllowPlainAuth) warnings.push("MAIL_ALLOW_PLAIN_AUTH=TRUE: the SMTP password is sent unencrypted (MAIL_AUTH=TRUE, MAIL_SEC=none)");
  if (isSet(raw, "HTTP_TRUSTED_PROXIES") && !config.httpTrustProxy) warnings.push("HTTP_TRUSTED_PROXIES is ignored: X-Forwarded-For is only read with HTTP_TRUST_PROXY=TRUE");
  if (!isSet(raw, "REFRESH_ABSOLUTE_LIFETIME") && config.refreshExpiry > config.refreshAbsoluteLifetime) {
    warnings.push(
      `REFRESH_EXPIRY (${config.refreshExpiry} s) is longer than the default REFRESH_ABSOLUTE_LIFETIME (${coreConfigSchema.refreshAbsoluteLifetime.defaultValue} s): sessions may last REFRESH_EXPIRY; set REFRESH_ABSOLUTE_LIFETIME to cap them`,
    );
  }
  return warnings;
}

/** How long a login's session may be kept alive by refreshing: never less than one refresh token's life. */
export const sessionLifetime = (config: CoreConfig): number => Math.max(config.refreshAbsoluteLifetime, config.refreshExpiry);
