import { definePlugin, defineTaskType, pluginConfigRef, services, subtaskServices } from "@fdo/sdk";
import { ArchiveRun } from "./archive-run.js";
import { archiveConfig } from "./config.js";
import { presentArchive } from "./reports.js";
import { ARCHIVE_GRANULAR_TYPES, ARCHIVE_SEGMENT } from "./task-type.js";

/**
 * `PATCH /api/tasks/archive`: archives, through FusionDirectory's REST API, the users of the due FD 1.6 `archive`
 * subtasks that are in the main task's SupAnn state; a subtask targeting a group is expanded into its members once.
 */
export const archiveTaskType = defineTaskType({
  segment: ARCHIVE_SEGMENT,
  granularTypes: ARCHIVE_GRANULAR_TYPES,
  description: "archive the users of the due archive subtasks in the task's SupAnn state (FD 1.6 'archive')",
  deps: { ...subtaskServices, fusionDirectory: services.fusionDirectory, config: pluginConfigRef(archiveConfig) },
  run(run, { runner, directory, tasks, fusionDirectory, logger, config }) {
    const archiveRun = new ArchiveRun({ directory, tasks, fusionDirectory, logger }, config.maxGroupDepth);
    return runner.forEachDue(run, (subtask, context) => archiveRun.process(subtask, context), { concurrency: config.concurrency });
  },
  present: presentArchive,
});

export default definePlugin({
  id: "archive",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Archives users in a SupAnn resource state through FusionDirectory (FD 1.6 archive tasks)",
  config: archiveConfig,
  taskTypes: [archiveTaskType],
});
