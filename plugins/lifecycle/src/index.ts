import { definePlugin, field } from "@fdo/sdk";
import { DEFAULT_CONCURRENCY, FD15_LIFECYCLE_TYPE, FD16_LIFECYCLE_TYPE, LifeCycleExecutor } from "./lifecycle-executor.js";

const config = {
  concurrency: field.integer({
    key: "LIFECYCLE_TASK_CONCURRENCY",
    description: "life cycle subtasks processed at once (each reads and writes one user, then calls FusionDirectory)",
    default: DEFAULT_CONCURRENCY,
    min: 1,
    max: 32,
  }),
};

export default definePlugin({
  id: "lifecycle",
  version: "1.0.0",
  sdk: "^1.0.0",
  description: "Moves SupAnn resource states (supannRessourceEtatDate) at their end date, locks accounts, refreshes users in FusionDirectory",
  config,
  taskTypes: [
    {
      segment: "lifeCycle",
      granularTypes: [FD15_LIFECYCLE_TYPE, FD16_LIFECYCLE_TYPE],
      description: "apply the due life cycle subtasks (FD 1.5 'Life Cycle', FD 1.6 'lifeCycle')",
      executor: LifeCycleExecutor,
    },
  ],
});
