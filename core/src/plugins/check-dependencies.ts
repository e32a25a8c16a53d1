import { isServiceRef, type OrchestratorErrorClass, type PluginDefinition } from "@fdo/sdk";
import { PluginDependencyInvalidError, PluginDependencyUnknownError } from "./dependency-errors.js";

interface Problem {
  readonly error: OrchestratorErrorClass;
  readonly message: string;
}

/** Every place a plugin declares dependencies, named as an admin would look for it. */
function declarations(definition: PluginDefinition): Array<{ readonly where: string; readonly deps: unknown }> {
  return [
    ...(definition.taskTypes ?? []).map((taskType) => ({ where: `task type ${taskType.segment}`, deps: taskType.deps })),
    ...(definition.routes ?? []).map((route) => ({ where: `route ${route.method} ${route.path}`, deps: route.deps })),
    ...(definition.lifecycle === undefined ? [] : [{ where: "lifecycle", deps: definition.lifecycle.deps }]),
  ];
}

function problemsOf(where: string, deps: unknown, offered: ReadonlySet<string>): Problem[] {
  if (typeof deps !== "object" || deps === null || Array.isArray(deps)) {
    return [{ error: PluginDependencyInvalidError, message: `${where}: deps must be an object of service references, e.g. { runner: services.taskRunner }` }];
  }
  return Object.entries(deps).flatMap(([key, value]): Problem[] => {
    if (!isServiceRef(value)) {
      return [{ error: PluginDependencyInvalidError, message: `${where}: deps.${key} is not a service reference (use services.* or pluginConfigRef())` }];
    }
    if (!offered.has(value.id)) return [{ error: PluginDependencyUnknownError, message: `${where}: deps.${key} needs the service "${value.id}", which this host does not offer` }];
    return [];
  });
}

/**
 * Checks every dependency of every task type, route and lifecycle hook before anything of the plugin runs: a value
 * that is not a service reference is `FDO_ERR_PLUGIN_DEPENDENCY_INVALID`, a service this host does not offer
 * `FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN` (the first problem's code; the message lists them all).
 */
export function checkDependencies(definition: PluginDefinition, offered: ReadonlySet<string>): void {
  const problems = declarations(definition).flatMap(({ where, deps }) => problemsOf(where, deps, offered));
  const [first] = problems;
  if (first === undefined) return;
  throw new first.error(`${definition.id}: ${problems.map((problem) => problem.message).join("; ")}`, {
    details: { problems: problems.map((problem) => ({ code: problem.error.code, message: problem.message })) },
  });
}
