import { definePlugin } from "@fdo/sdk";
import { AuditExecutor } from "./audit-executor.js";
import { auditConfig } from "./config.js";
import { RETENTION_TYPES } from "./retention.js";
import { SYSLOG_TYPE } from "./syslog-export.js";

export default definePlugin({
  id: "audit",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Deletes FusionDirectory audit events past their retention, and exports them to syslog-format files",
  config: auditConfig,
  taskTypes: [
    {
      segment: "audit",
      // auditSyslog is claimed here so no other plugin can; retention runs only handle Audit/audit.
      granularTypes: [...RETENTION_TYPES, SYSLOG_TYPE],
      description: "delete audit events older than the task's retention (FD 1.5 'Audit', FD 1.6 'audit'); with {\"type\": \"syslog\"}, export new events ('auditSyslog')",
      bodyKeys: ["type"],
      executor: AuditExecutor,
    },
  ],
});
