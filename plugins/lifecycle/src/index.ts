import { definePlugin } from "@fdo/sdk";
import { lifecycleConfig } from "./config.js";
import { FD15_LIFECYCLE_TYPE, FD16_LIFECYCLE_TYPE, LifeCycleExecutor } from "./lifecycle-executor.js";

export default definePlugin({
  id: "lifecycle",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Moves SupAnn resource states (supannRessourceEtatDate) at their end date, locks accounts, refreshes users in FusionDirectory",
  config: lifecycleConfig,
  taskTypes: [
    {
      segment: "lifeCycle",
      granularTypes: [FD15_LIFECYCLE_TYPE, FD16_LIFECYCLE_TYPE],
      description: "apply the due life cycle subtasks (FD 1.5 'Life Cycle', FD 1.6 'lifeCycle')",
      executor: LifeCycleExecutor,
    },
  ],
});
