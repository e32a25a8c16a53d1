import type { TaskTypeDefinition } from "@fdo/sdk";
import { PluginDuplicateTaskTypeError } from "../errors/registry.js";
import type { RegisteredTaskType } from "./loaded-plugin.js";

/**
 * The explicit registry of task types. A URL segment only ever selects an entry of this map (never code by
 * name), so `Constructor` or `__proto__` in a URL find nothing.
 */
export class TaskTypeRegistry {
  private readonly bySegment = new Map<string, RegisteredTaskType>();
  private readonly byGranularType = new Map<string, RegisteredTaskType>();

  /** The task type answering `segment`, matched case-insensitively as upstream did. */
  find(segment: string): RegisteredTaskType | undefined {
    return this.bySegment.get(segment.toLowerCase());
  }

  /** The task type handling an `fdTasksGranularType` value (exact match). */
  findByGranularType(granularType: string): RegisteredTaskType | undefined {
    return this.byGranularType.get(granularType);
  }

  list(): RegisteredTaskType[] {
    return [...this.bySegment.values()];
  }

  /**
   * Throws `FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE` if any of `taskTypes` (or `reserved` segments) is taken, so a
   * plugin is checked as a whole before anything of it registers.
   */
  assertAvailable(pluginId: string, taskTypes: readonly TaskTypeDefinition[], reserved: ReadonlySet<string>): void {
    const segments = new Set<string>();
    const granularTypes = new Set<string>();
    for (const taskType of taskTypes) {
      const segment = taskType.segment.toLowerCase();
      const owner = this.bySegment.get(segment)?.pluginId ?? (reserved.has(segment) ? "the host" : undefined);
      if (owner !== undefined || segments.has(segment)) {
        throw new PluginDuplicateTaskTypeError(`${pluginId}: task type /api/tasks/${taskType.segment} is already served by ${owner ?? pluginId}`);
      }
      segments.add(segment);
      for (const granularType of taskType.granularTypes ?? []) {
        const granularOwner = this.byGranularType.get(granularType)?.pluginId;
        if (granularOwner !== undefined || granularTypes.has(granularType)) {
          throw new PluginDuplicateTaskTypeError(`${pluginId}: fdTasksGranularType "${granularType}" is already handled by ${granularOwner ?? pluginId}`);
        }
        granularTypes.add(granularType);
      }
    }
  }

  register(entry: RegisteredTaskType): void {
    this.bySegment.set(entry.definition.segment.toLowerCase(), entry);
    for (const granularType of entry.definition.granularTypes ?? []) this.byGranularType.set(granularType, entry);
  }
}
