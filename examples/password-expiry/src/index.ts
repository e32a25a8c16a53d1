// fdo-plugin-password-expiry: password-expiry reminders for FusionDirectory Orchestrator (after FreeIPA's ipa-epn).
import { definePlugin } from "@fdo/sdk";
import { configSchema } from "./config.js";
import { passwordExpiryTaskType } from "./executor.js";
import { previewRoute } from "./preview.js";

export default definePlugin({
  id: "password-expiry",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Mails users whose password expires within the configured lead times, once per lead time",
  config: configSchema,
  taskTypes: [passwordExpiryTaskType],
  routes: [previewRoute],
});
