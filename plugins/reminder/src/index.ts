import { definePlugin, field } from "@fdo/sdk";
import { ReminderExecutor } from "./reminder-executor.js";

/** `fdTasksGranularType` written by FusionDirectory 1.5. */
export const FD15_REMINDER_TYPE = "Reminder";
/** `fdTasksGranularType` written by FusionDirectory 1.6. */
export const FD16_REMINDER_TYPE = "reminder";

const config = {
  concurrency: field.integer({
    key: "REMINDER_TASK_CONCURRENCY",
    description: "reminder subtasks processed at once (reminders of one user are always written and sent one after the other)",
    default: 4,
    min: 1,
    max: 64,
  }),
  prolongationUrl: field.url({
    key: "REMINDER_PROLONGATION_URL",
    description:
      "FusionDirectory's public base URL for the prolongation link (<url>/accountProlongation.php); default: FUSIONDIRECTORY_WEBSERVICE_URL without /rest.php/v1",
    protocols: ["http:", "https:"],
  }),
};

export default definePlugin({
  id: "reminder",
  version: "1.0.0",
  sdk: "^1.0.0",
  description: "Reminds users that their account expires (SupAnn resource end date or shadowExpire), with FusionDirectory prolongation links",
  config,
  taskTypes: [
    {
      segment: "reminder",
      granularTypes: [FD15_REMINDER_TYPE, FD16_REMINDER_TYPE],
      description: "send the due account-expiry reminders (FD 1.5 'Reminder', FD 1.6 'reminder')",
      executor: ReminderExecutor,
    },
  ],
});
