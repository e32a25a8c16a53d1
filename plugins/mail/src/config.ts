import { field, type InferConfig } from "@fdo/sdk";

/** The Mail plugin's keys in orchestrator.conf. */
export const mailConfig = {
  concurrency: field.integer({
    key: "MAIL_TASK_CONCURRENCY",
    description: "mail subtasks processed at once (each sends its messages one after the other)",
    default: 8,
    min: 1,
    max: 64,
  }),
};

export type MailConfig = InferConfig<typeof mailConfig>;
