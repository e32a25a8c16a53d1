import type { PluginContext, PluginDefinition, TaskExecutor, TaskTypeDefinition } from "@fdo/sdk";

/** A task type as the registry holds it: its definition, the plugin serving it and the executor instance. */
export interface RegisteredTaskType {
  readonly pluginId: string;
  readonly definition: TaskTypeDefinition;
  readonly executor: TaskExecutor;
}

/** A plugin that passed every check and whose init hook succeeded. */
export interface LoadedPlugin {
  readonly id: string;
  readonly version: string;
  readonly directory: string;
  readonly definition: PluginDefinition;
  /** The plugin's DI scope, config and logger, as its hooks and routes see them. */
  readonly scope: PluginContext;
}

/** Why a plugin package was not loaded. */
export interface PluginFailure {
  /** The manifest id when readable, else the package directory name. */
  readonly id: string;
  readonly directory: string;
  readonly code: string;
  readonly reason: string;
}

/** A plugin left out on purpose by PLUGINS_ENABLED / PLUGINS_DISABLED. */
export interface PluginSkip {
  readonly id: string;
  readonly directory: string;
  readonly reason: "disabled" | "not enabled";
}
