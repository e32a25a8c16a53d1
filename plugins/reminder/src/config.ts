import { field, type InferConfig } from "@fdo/sdk";

/** The Reminder plugin's keys in orchestrator.conf. */
export const reminderConfig = {
  concurrency: field.integer({
    key: "REMINDER_TASK_CONCURRENCY",
    description: "reminder subtasks processed at once (reminders of one user are always written and sent one after the other)",
    default: 4,
    min: 1,
    max: 64,
  }),
  prolongationUrl: field.url({
    key: "REMINDER_PROLONGATION_URL",
    description: "FusionDirectory's public base URL for the prolongation link (<url>/accountProlongation.php); default: FUSIONDIRECTORY_WEBSERVICE_URL without /rest.php/v1",
    protocols: ["http:", "https:"],
  }),
};

export type ReminderConfig = InferConfig<typeof reminderConfig>;
