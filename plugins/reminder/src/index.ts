import { definePlugin } from "@fdo/sdk";
import { reminderConfig } from "./config.js";
import { reminderTaskType } from "./reminder-executor.js";

export default definePlugin({
  id: "reminder",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Reminds users that their account expires (SupAnn resource end date or shadowExpire), with FusionDirectory prolongation links",
  config: reminderConfig,
  taskTypes: [reminderTaskType],
});
