import { field, type InferConfig } from "@fdo/sdk";
import { SYSLOG_FORMATS } from "./syslog-format.js";

/** Upstream's export directory, hard-coded there. */
export const DEFAULT_SYSLOG_DIR = "/var/log/fusiondirectory";

/** The Audit plugin's keys in orchestrator.conf. */
export const auditConfig = {
  syslogDir: field.string({
    key: "AUDIT_SYSLOG_DIR",
    description: 'directory the syslog export ({"type": "syslog"}) writes its <prefix>-<date>.log files and its state to (created if missing), as upstream',
    default: DEFAULT_SYSLOG_DIR,
    pattern: /^\//,
    patternHint: "must be an absolute path",
  }),
  syslogFormat: field.enum({
    key: "AUDIT_SYSLOG_FORMAT",
    description: 'line format of the syslog export: upstream (the PHP orchestrator\'s key="value" lines) or rfc5424 (structured data)',
    values: SYSLOG_FORMATS,
    default: "upstream",
  }),
};

export type AuditConfig = InferConfig<typeof auditConfig>;
