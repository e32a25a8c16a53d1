import { definePlugin } from "@fdo/sdk";
import { mailConfig } from "./config.js";
import { mailTaskType } from "./mail-executor.js";

export default definePlugin({
  id: "mail",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Sends FusionDirectory mail tasks (templates with attachments) within the anti-spam allowance",
  config: mailConfig,
  taskTypes: [mailTaskType],
});
