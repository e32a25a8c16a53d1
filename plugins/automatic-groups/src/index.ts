import { definePlugin, defineTaskType, pluginConfigRef, subtaskServices } from "@fdo/sdk";
import { automaticGroupsConfig } from "./config.js";
import { GroupsRun } from "./groups-run.js";
import { presentAutomaticGroups } from "./reports.js";
import { ALL_TYPES, AUTOMATIC_GROUPS_SEGMENT, requestMode, typesOf } from "./task-types.js";

/**
 * `PATCH /api/tasks/automaticGroups`: group membership by SupAnn resource state (one member value added or removed per
 * subtask); with `{"type": "dynamic-group"}`, the dynamic groups of the due dynamic group subtasks. GET lists both.
 */
export const automaticGroupsTaskType = defineTaskType({
  segment: AUTOMATIC_GROUPS_SEGMENT,
  granularTypes: ALL_TYPES,
  bodyKeys: ["type"],
  description: "sync group members by SupAnn resource state, or create dynamic groups with {\"type\": \"dynamic-group\"} (FD 1.6 'automaticGroups', 'automaticGroupsDynamic')",
  deps: { ...subtaskServices, config: pluginConfigRef(automaticGroupsConfig) },
  async run(run, { runner, directory, tasks, settings, logger, config }) {
    const mode = requestMode(run.body);
    const groupsRun = new GroupsRun({ directory, tasks, logger, ldapBase: settings.ldapBase });
    // Only the requested job's subtasks: the other job's stay due for their own request.
    const modeRun = { ...run, granularTypes: typesOf(mode) };
    const report = await runner.forEachDue(modeRun, (subtask, context) => (mode === "dynamic-group" ? groupsRun.dynamicGroups(subtask, context) : groupsRun.membership(subtask, context)), {
      concurrency: config.concurrency,
    });
    return { ...report, detail: { mode } };
  },
  present: presentAutomaticGroups,
});

export default definePlugin({
  id: "automatic-groups",
  version: "1.0.0",
  sdk: "^2.0.0",
  description: "Keeps group membership in line with SupAnn resource states and creates dynamic groups (FD 1.6 automatic groups tasks)",
  config: automaticGroupsConfig,
  taskTypes: [automaticGroupsTaskType],
});
