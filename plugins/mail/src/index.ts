import { definePlugin } from "@fdo/sdk";
import { mailConfig } from "./config.js";
import { MailExecutor } from "./mail-executor.js";
import { FD15_MAIL_TYPE, FD16_MAIL_TYPE } from "./resolve-recipients.js";

export default definePlugin({
  id: "mail",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Sends FusionDirectory mail tasks (templates with attachments) within the anti-spam allowance",
  config: mailConfig,
  taskTypes: [
    {
      segment: "mail",
      granularTypes: [FD15_MAIL_TYPE, FD16_MAIL_TYPE],
      description: "send the due mail subtasks (FD 1.5 'Mail Object', FD 1.6 'mail')",
      executor: MailExecutor,
    },
  ],
});
