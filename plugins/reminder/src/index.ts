import { definePlugin } from "@fdo/sdk";
import { reminderConfig } from "./config.js";
import { ReminderExecutor } from "./reminder-executor.js";

/** `fdTasksGranularType` written by FusionDirectory 1.5. */
export const FD15_REMINDER_TYPE = "Reminder";
/** `fdTasksGranularType` written by FusionDirectory 1.6. */
export const FD16_REMINDER_TYPE = "reminder";

export default definePlugin({
  id: "reminder",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Reminds users that their account expires (SupAnn resource end date or shadowExpire), with FusionDirectory prolongation links",
  config: reminderConfig,
  taskTypes: [
    {
      segment: "reminder",
      granularTypes: [FD15_REMINDER_TYPE, FD16_REMINDER_TYPE],
      description: "send the due account-expiry reminders (FD 1.5 'Reminder', FD 1.6 'reminder')",
      executor: ReminderExecutor,
    },
  ],
});
