import { definePlugin, field } from "@fdo/sdk";
import { FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE } from "./audit-refs.js";
import { DEFAULT_CONCURRENCY, NotificationsExecutor } from "./notifications-executor.js";

const config = {
  concurrency: field.integer({
    key: "NOTIFICATIONS_TASK_CONCURRENCY",
    description: "main tasks whose notifications are prepared and sent at once (the subtasks of one main task are always handled together)",
    default: DEFAULT_CONCURRENCY,
    min: 1,
    max: 64,
  }),
};

export default definePlugin({
  id: "notifications",
  version: "1.0.0",
  sdk: "^1.0.0",
  description: "Mails one digest per notification task listing the monitored attribute changes of its users, from the audit log",
  config,
  taskTypes: [
    {
      segment: "notifications",
      granularTypes: [FD15_NOTIFICATIONS_TYPE, FD16_NOTIFICATIONS_TYPE],
      description: "send the due notification digests (FD 1.5 'Notifications', FD 1.6 'notifications'), one mail per main task",
      executor: NotificationsExecutor,
    },
  ],
});
