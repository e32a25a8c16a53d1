import { randomBytes } from "node:crypto";
import type { TestSlapd } from "./slapd.js";
import type { SmtpSink } from "./smtp-sink.js";

/**
 * orchestrator.conf keys that point a host at a throwaway slapd and SMTP sink: bound as the service account,
 * DSA accounts under `ou=dsa`, a fresh random signing key, HTTP on 127.0.0.1.
 * @public
 */
export function sandboxConfig(slapd: TestSlapd, smtp: SmtpSink): Record<string, string> {
  return {
    LDAP_URI: slapd.url,
    LDAP_BASE: slapd.baseDn,
    LDAP_BIND_DN: slapd.serviceDn,
    LDAP_PASSWORD: slapd.servicePassword,
    LDAP_OU_DSA: `ou=dsa,${slapd.baseDn}`,
    SECRET_KEY: randomBytes(48).toString("base64"),
    MAIL_HOST: smtp.host,
    MAIL_PORT: String(smtp.port),
    HTTP_HOST: "127.0.0.1",
  };
}
