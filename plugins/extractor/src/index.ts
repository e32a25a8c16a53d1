import { definePlugin, pluginConfigRef } from "@fdo/sdk";
import { DEFAULT_EXPORT_DIR, extractorConfig } from "./config.js";
import { EXPORT, EXTRACTOR } from "./flavours.js";
import { openExportRoot } from "./output-path.js";
import { exportTaskType } from "./run-export.js";

export default definePlugin({
  id: "extractor",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Writes CSV extracts of users under EXTRACTOR_DIR and mails them (FD 1.6 extractor and export tasks)",
  config: extractorConfig,
  taskTypes: [exportTaskType(EXTRACTOR), exportTaskType(EXPORT)],
  // A configured EXTRACTOR_DIR that is missing is a start-up error, never a silent fallback; the default is created.
  lifecycle: {
    deps: { config: pluginConfigRef(extractorConfig) },
    async init({ config }) {
      await openExportRoot(config.directory, config.directory === DEFAULT_EXPORT_DIR);
    },
  },
});
