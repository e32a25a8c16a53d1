import { definePlugin } from "@fdo/sdk";
import { lifecycleConfig } from "./config.js";
import { lifeCycleTaskType } from "./lifecycle-executor.js";

export default definePlugin({
  id: "lifecycle",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Moves SupAnn resource states (supannRessourceEtatDate) at their end date, locks accounts, refreshes users in FusionDirectory",
  config: lifecycleConfig,
  taskTypes: [lifeCycleTaskType],
});
