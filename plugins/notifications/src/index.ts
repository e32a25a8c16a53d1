import { definePlugin } from "@fdo/sdk";
import { FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE } from "./audit-refs.js";
import { notificationsConfig } from "./config.js";
import { NotificationsExecutor } from "./notifications-executor.js";

export default definePlugin({
  id: "notifications",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Mails one digest per notification task listing the monitored attribute changes of its users, from the audit log",
  config: notificationsConfig,
  taskTypes: [
    {
      segment: "notifications",
      granularTypes: [FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE],
      description: "send the due notification digests (FD 1.5 'Notifications', FD 1.6 'notifications'), one mail per main task",
      executor: NotificationsExecutor,
    },
  ],
});
