import { field, type InferConfig } from "@fdo/sdk";

/** The Automatic Groups plugin's keys in orchestrator.conf. */
export const automaticGroupsConfig = {
  concurrency: field.integer({
    key: "AUTOMATIC_GROUPS_TASK_CONCURRENCY",
    description: "automatic groups subtasks processed at once (each reads one user and adds or removes one member value)",
    default: 4,
    min: 1,
    max: 32,
  }),
};

export type AutomaticGroupsConfig = InferConfig<typeof automaticGroupsConfig>;
