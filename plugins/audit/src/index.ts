import { definePlugin, field } from "@fdo/sdk";
import { AuditExecutor } from "./audit-executor.js";
import { RETENTION_TYPES } from "./retention.js";
import { SYSLOG_TYPE } from "./syslog-export.js";
import { SYSLOG_FORMATS } from "./syslog-format.js";

const config = {
  syslogDir: field.string({
    key: "AUDIT_SYSLOG_DIR",
    description: "directory the syslog export ({\"type\": \"syslog\"}) writes audit-<date>.log files and its state to; the export is off when unset",
    pattern: /^\//,
    patternHint: "must be an absolute path",
  }),
  syslogFormat: field.enum({
    key: "AUDIT_SYSLOG_FORMAT",
    description: "line format of the syslog export: rfc5424 (structured data) or upstream (the PHP orchestrator's key=\"value\" lines)",
    values: SYSLOG_FORMATS,
    default: "rfc5424",
  }),
};

export default definePlugin({
  id: "audit",
  version: "1.0.0",
  sdk: "^1.0.0",
  description: "Deletes FusionDirectory audit events past their retention, and exports them to syslog-format files",
  config,
  taskTypes: [
    {
      segment: "audit",
      // auditSyslog is claimed here so no other plugin can; retention runs only handle Audit/audit.
      granularTypes: [...RETENTION_TYPES, SYSLOG_TYPE],
      description: "delete audit events older than the task's retention (FD 1.5 'Audit', FD 1.6 'audit'); with {\"type\": \"syslog\"}, export new events ('auditSyslog')",
      executor: AuditExecutor,
    },
  ],
});
