import type { PluginDefinition, RouteDefinition, RouteRequest, RouteResponse, TaskRun, TaskRunReport, TaskTypeDefinition } from "@fdo/sdk";

/** A task type as the registry holds it: its definition, the plugin serving it, and its run bound to its services. */
export interface RegisteredTaskType {
  readonly pluginId: string;
  readonly definition: TaskTypeDefinition;
  run(run: TaskRun): Promise<TaskRunReport>;
}

/** A plugin route bound to its services. */
export interface LoadedRoute {
  readonly definition: RouteDefinition;
  handle(request: RouteRequest): RouteResponse | Promise<RouteResponse>;
}

/** A plugin that passed every check and whose init hook succeeded. */
export interface LoadedPlugin {
  readonly id: string;
  readonly version: string;
  readonly directory: string;
  readonly definition: PluginDefinition;
  readonly routes: readonly LoadedRoute[];
  /** Runs the lifecycle `stop` hook (if any) with its services. */
  stop(): Promise<void>;
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
