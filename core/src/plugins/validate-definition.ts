import { type ConfigSchema, isPluginDefinition, type PluginDefinition, type PluginManifest, SDK_VERSION } from "@fdo/sdk";
import semver from "semver";
import { schemaKeys } from "../config/validate-config.js";
import { PluginDefinitionInvalidError, PluginSdkIncompatibleError } from "../errors/registry.js";

const SEGMENT_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
const ROUTE_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

function checkTaskTypes(definition: PluginDefinition): string[] {
  const problems: string[] = [];
  for (const [index, taskType] of (definition.taskTypes ?? []).entries()) {
    const where = `taskTypes[${index}]`;
    if (typeof taskType.segment !== "string" || !SEGMENT_PATTERN.test(taskType.segment)) problems.push(`${where}.segment must be a URL-safe word`);
    const granular = taskType.granularTypes as unknown;
    if (granular !== undefined && (!Array.isArray(granular) || granular.some((value) => typeof value !== "string" || value.trim() === ""))) {
      problems.push(`${where}.granularTypes must be a list of fdTasksGranularType values`);
    }
    if (typeof taskType.run !== "function") problems.push(`${where}.run must be a function`);
    const present = taskType.present as Record<string, unknown> | undefined;
    if (present !== undefined && (typeof present !== "object" || present === null || ["subtask", "run"].some((name) => present[name] !== undefined && typeof present[name] !== "function"))) {
      problems.push(`${where}.present must hold presenter functions (subtask, run)`);
    }
    const bodyKeys = taskType.bodyKeys as unknown;
    if (bodyKeys !== undefined && (!Array.isArray(bodyKeys) || bodyKeys.some((key) => typeof key !== "string" || key === ""))) {
      problems.push(`${where}.bodyKeys must be a list of body key names`);
    }
  }
  return problems;
}

function checkRoutes(definition: PluginDefinition): string[] {
  const problems: string[] = [];
  for (const [index, route] of (definition.routes ?? []).entries()) {
    const where = `routes[${index}]`;
    if (!ROUTE_METHODS.has(route.method)) problems.push(`${where}.method must be one of ${[...ROUTE_METHODS].join(", ")}`);
    if (typeof route.path !== "string" || !route.path.startsWith("/")) problems.push(`${where}.path must start with /`);
    if (route.auth !== undefined && route.auth !== "required" && route.auth !== "public") problems.push(`${where}.auth must be "required" or "public"`);
    if (typeof route.handle !== "function") problems.push(`${where}.handle must be a function`);
  }
  return problems;
}

function checkLifecycle(definition: PluginDefinition): string[] {
  const hooks = definition.lifecycle as Record<string, unknown> | undefined;
  return ["init", "stop"].filter((hook) => hooks?.[hook] !== undefined && typeof hooks[hook] !== "function").map((hook) => `lifecycle.${hook} must be a function`);
}

function checkConfigSchema(schema: ConfigSchema | undefined, hostKeys: ReadonlySet<string>): string[] {
  if (schema === undefined) return [];
  const problems: string[] = [];
  for (const [property, spec] of Object.entries(schema)) {
    if (typeof spec !== "object" || spec === null || typeof spec.parse !== "function") {
      problems.push(`config.${property} must be built with field.*()`);
    }
  }
  if (problems.length > 0) return problems;
  const taken = schemaKeys(schema).filter((key) => hostKeys.has(key));
  if (taken.length > 0) problems.push(`config keys ${taken.join(", ")} are read by the host itself`);
  return problems;
}

/**
 * Checks a plugin's default export against its manifest and this SDK. Throws `FDO_ERR_PLUGIN_SDK_INCOMPATIBLE`
 * for a range mismatch and `FDO_ERR_PLUGIN_DEFINITION_INVALID` listing every other problem.
 */
export function validateDefinition(exported: unknown, manifest: PluginManifest, hostKeys: ReadonlySet<string>): PluginDefinition {
  if (!isPluginDefinition(exported)) {
    throw new PluginDefinitionInvalidError(`${manifest.id}: the entry's default export was not made with definePlugin()`);
  }
  if (typeof exported.sdk !== "string" || semver.validRange(exported.sdk) === null || !semver.satisfies(SDK_VERSION, exported.sdk)) {
    throw new PluginSdkIncompatibleError(`${manifest.id}: built for SDK ${String(exported.sdk)}, this host has SDK ${SDK_VERSION}`);
  }
  const problems: string[] = [];
  if (exported.id !== manifest.id) problems.push(`id "${String(exported.id)}" differs from the manifest id "${manifest.id}"`);
  if (typeof exported.version !== "string" || semver.valid(exported.version) === null) problems.push("version must be a semver version");
  problems.push(...checkLifecycle(exported), ...checkTaskTypes(exported), ...checkRoutes(exported), ...checkConfigSchema(exported.config, hostKeys));
  if (problems.length > 0) throw new PluginDefinitionInvalidError(`${manifest.id}: ${problems.join("; ")}`);
  return exported;
}
