import { definePlugin } from "@fdo/sdk";
import { auditTaskType } from "./audit-executor.js";
import { auditConfig } from "./config.js";

export default definePlugin({
  id: "audit",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Deletes FusionDirectory audit events past their retention, and exports them to syslog-format files",
  config: auditConfig,
  taskTypes: [auditTaskType],
});
