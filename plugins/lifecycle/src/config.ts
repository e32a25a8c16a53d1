import { field, type InferConfig } from "@fdo/sdk";

/** The Life Cycle plugin's keys in orchestrator.conf. */
export const lifecycleConfig = {
  concurrency: field.integer({
    key: "LIFECYCLE_TASK_CONCURRENCY",
    description: "life cycle subtasks processed at once (each reads and writes one user, then calls FusionDirectory)",
    default: 4,
    min: 1,
    max: 32,
  }),
};

export type LifecycleConfig = InferConfig<typeof lifecycleConfig>;
