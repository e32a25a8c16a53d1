import { field, type InferConfig } from "@fdo/sdk";
import { SYSLOG_FORMATS } from "./syslog-format.js";

/** The Audit plugin's keys in orchestrator.conf. */
export const auditConfig = {
  syslogDir: field.string({
    key: "AUDIT_SYSLOG_DIR",
    description: 'directory the syslog export ({"type": "syslog"}) writes audit-<date>.log files and its state to; the export is off when unset',
    pattern: /^\//,
    patternHint: "must be an absolute path",
  }),
  syslogFormat: field.enum({
    key: "AUDIT_SYSLOG_FORMAT",
    description: 'line format of the syslog export: rfc5424 (structured data) or upstream (the PHP orchestrator\'s key="value" lines)',
    values: SYSLOG_FORMATS,
    default: "rfc5424",
  }),
};

export type AuditConfig = InferConfig<typeof auditConfig>;
