import { field, type InferConfig } from "@fdo/sdk";

/** The Archive plugin's keys in orchestrator.conf. */
export const archiveConfig = {
  concurrency: field.integer({
    key: "ARCHIVE_TASK_CONCURRENCY",
    description: "archive subtasks processed at once (each reads one user, then calls FusionDirectory once)",
    default: 4,
    min: 1,
    max: 32,
  }),
  maxGroupDepth: field.integer({
    key: "ARCHIVE_MAX_GROUP_DEPTH",
    description: "levels of groups inside groups followed when a subtask targeting a group is expanded into its members",
    default: 5,
    min: 1,
    max: 20,
  }),
};

export type ArchiveConfig = InferConfig<typeof archiveConfig>;
