import type { CoreConfig } from "../config/core-schema.js";
import type { RawConfig } from "../config/validate-config.js";
import type { SmtpSecurity } from "./smtp-mailer.js";

/** How the SMTP connection is protected and whether the server's certificate is checked. */
export interface SmtpTransportSettings {
  readonly security: SmtpSecurity;
  readonly tlsInsecure: boolean;
}

const SECURITY: Readonly<Record<CoreConfig["mailSecurity"], SmtpSecurity>> = { ssl: "tls", tls: "starttls", starttls: "starttls", none: "none" };

const isSet = (raw: RawConfig, key: string): boolean => (raw[key]?.trim() ?? "") !== "";

/**
 * True when the admin wrote upstream's `MAIL_SEC_VERIFY=FALSE` and did not decide with the new
 * `MAIL_TLS_INSECURE`: upstream then skipped certificate checks, and a drop-in replacement must too.
 */
export function upstreamVerifyOptOut(config: CoreConfig, raw: RawConfig): boolean {
  return isSet(raw, "MAIL_SEC_VERIFY") && !config.mailSecVerify && !isSet(raw, "MAIL_TLS_INSECURE");
}

/**
 * Under upstream's opt-out, PHPMailer was given no `SMTPSecure` and upgraded with STARTTLS only when the server
 * offered it: the same holds here where `MAIL_SEC` is upstream's `tls` or absent. `ssl` and the newer
 * `starttls`/`none` keep their own meaning.
 */
export function upstreamOpportunisticTls(config: CoreConfig, raw: RawConfig): boolean {
  return upstreamVerifyOptOut(config, raw) && (!isSet(raw, "MAIL_SEC") || config.mailSecurity === "tls");
}

/** The mailer's transport settings from `MAIL_SEC`, `MAIL_TLS_INSECURE` and upstream's `MAIL_SEC_VERIFY`. */
export function smtpTransportSettings(config: CoreConfig, raw: RawConfig): SmtpTransportSettings {
  return {
    security: upstreamOpportunisticTls(config, raw) ? "opportunistic" : SECURITY[config.mailSecurity],
    tlsInsecure: config.mailTlsInsecure || upstreamVerifyOptOut(config, raw),
  };
}
