import { field, type InferConfig } from "@fdo/sdk";

/** The Notifications plugin's keys in orchestrator.conf. */
export const notificationsConfig = {
  concurrency: field.integer({
    key: "NOTIFICATIONS_TASK_CONCURRENCY",
    description: "main tasks whose notifications are prepared and sent at once (the subtasks of one main task are always handled together)",
    default: 4,
    min: 1,
    max: 64,
  }),
  includeValues: field.boolean({
    key: "NOTIFICATIONS_INCLUDE_VALUES",
    description: "TRUE adds each changed attribute's values (old → new) to the digest; upstream listed attribute names only. Password, key and secret attributes never show values",
    default: false,
  }),
};

export type NotificationsConfig = InferConfig<typeof notificationsConfig>;
