import { definePlugin } from "@fdo/sdk";
import { notificationsConfig } from "./config.js";
import { notificationsTaskType } from "./notifications-executor.js";

export default definePlugin({
  id: "notifications",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Mails one digest per notification task listing the monitored attribute changes of its users, from the audit log; applies the FD 1.6 post-state through FusionDirectory",
  config: notificationsConfig,
  taskTypes: [notificationsTaskType],
});
