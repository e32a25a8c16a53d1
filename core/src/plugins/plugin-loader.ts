import path from "node:path";
import { pathToFileURL } from "node:url";
import { isOrchestratorError, type Logger, type PluginDefinition, SDK_VERSION } from "@fdo/sdk";
import semver from "semver";
import type { DependencyContainer } from "tsyringe";
import { type RawConfig, validateConfig } from "../config/validate-config.js";
import { createPluginContainer } from "../container/create-host-container.js";
import { PluginConfigInvalidError, PluginDuplicateIdError, PluginImportFailedError, PluginInitFailedError, PluginLoadAbortedError, PluginSdkIncompatibleError } from "../errors/registry.js";
import { checkDependencies } from "./check-dependencies.js";
import { discoverPackages } from "./discover-packages.js";
import type { LoadedPlugin, PluginFailure, PluginSkip, RegisteredTaskType } from "./loaded-plugin.js";
import { type PluginPackage, readManifest } from "./read-manifest.js";
import { resolveDeps } from "./resolve-deps.js";
import type { TaskTypeRegistry } from "./task-type-registry.js";
import { validateDefinition } from "./validate-definition.js";
import { withTimeout } from "./with-timeout.js";

export interface PluginLoaderOptions {
  readonly directories: readonly string[];
  /** Only these ids load when non-empty. */
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
  /** Abort on the first failure instead of skipping the plugin. */
  readonly strict: boolean;
  readonly initTimeoutMs: number;
  readonly raw: RawConfig;
  /** Configuration keys the host reads; plugins may not declare them. */
  readonly hostKeys: ReadonlySet<string>;
  /** URL segments the host serves itself under /api/tasks. */
  readonly reservedSegments: ReadonlySet<string>;
  readonly container: DependencyContainer;
  /** Ids of the services plugins may depend on. */
  readonly offeredServices: ReadonlySet<string>;
  readonly registry: TaskTypeRegistry;
  readonly logger: Logger;
}

export interface PluginLoadReport {
  readonly loaded: readonly LoadedPlugin[];
  readonly failed: readonly PluginFailure[];
  readonly skipped: readonly PluginSkip[];
}

/** Imports a plugin's entry module and returns its default export; `FDO_ERR_PLUGIN_IMPORT_FAILED` when that throws. */
export async function importDefinition(pkg: PluginPackage): Promise<unknown> {
  try {
    const module = (await import(pathToFileURL(pkg.entryPath).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PluginImportFailedError(`${pkg.manifest.id}: importing ${pkg.manifest.entry} failed: ${reason}`, { cause: error });
  }
}

function validatePluginConfig(definition: PluginDefinition, raw: RawConfig): Readonly<Record<string, unknown>> {
  if (definition.config === undefined) return {};
  const validation = validateConfig(definition.config, raw);
  if (!validation.ok) {
    throw new PluginConfigInvalidError(`${definition.id}: ${validation.problems.map((problem) => problem.message).join("; ")}`, {
      details: { problems: validation.problems },
    });
  }
  return validation.config;
}

function describe(error: unknown): { code: string; reason: string } {
  if (isOrchestratorError(error)) return { code: error.code, reason: error.message };
  return { code: PluginInitFailedError.code, reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Loads every plugin package found in the plugin directories: manifest, SDK range, import, definition, declared
 * dependencies, configuration, task type conflicts, init hook. A plugin that fails any step is reported with its id
 * and reason and skipped (or aborts everything in strict mode); the others still load.
 */
export async function loadPlugins(options: PluginLoaderOptions): Promise<PluginLoadReport> {
  const loaded: LoadedPlugin[] = [];
  const failed: PluginFailure[] = [];
  const skipped: PluginSkip[] = [];
  const packages = (await Promise.all(options.directories.map(discoverPackages))).flat();

  for (const directory of packages) {
    let id = path.basename(directory);
    try {
      const pkg = await readManifest(directory);
      id = pkg.manifest.id;
      if (options.disabled.includes(id) || (options.enabled.length > 0 && !options.enabled.includes(id))) {
        skipped.push({ id, directory, reason: options.disabled.includes(id) ? "disabled" : "not enabled" });
        continue;
      }
      if (loaded.some((plugin) => plugin.id === id)) throw new PluginDuplicateIdError(`${id}: another plugin with this id is already loaded`);
      if (!semver.satisfies(SDK_VERSION, pkg.manifest.sdk)) {
        throw new PluginSdkIncompatibleError(`${id}: built for SDK ${pkg.manifest.sdk}, this host has SDK ${SDK_VERSION}`);
      }
      const definition = validateDefinition(await importDefinition(pkg), pkg.manifest, options.hostKeys);
      checkDependencies(definition, options.offeredServices);
      const plugin = await startPlugin(definition, directory, options);
      loaded.push(plugin);
      options.logger.info("plugin loaded", { plugin: id, version: definition.version, taskTypes: (definition.taskTypes ?? []).map((t) => t.segment) });
    } catch (error) {
      const { code, reason } = describe(error);
      if (options.strict) {
        await stopPlugins(loaded, options.logger, options.initTimeoutMs);
        throw new PluginLoadAbortedError(`plugin ${id} failed to load (${code}): ${reason}`, { cause: error, details: { plugin: id, code } });
      }
      failed.push({ id, directory, code, reason });
      options.logger.error("plugin not loaded", { plugin: id, directory, code, reason });
    }
  }
  return { loaded, failed, skipped };
}

async function startPlugin(definition: PluginDefinition, directory: string, options: PluginLoaderOptions): Promise<LoadedPlugin> {
  const config = validatePluginConfig(definition, options.raw);
  const taskTypes = definition.taskTypes ?? [];
  options.registry.assertAvailable(definition.id, taskTypes, options.reservedSegments);
  const scope = createPluginContainer(options.container, definition.id, config);
  const { lifecycle } = definition;
  const hookDeps = lifecycle === undefined ? {} : resolveDeps(scope, lifecycle.deps);
  try {
    await withTimeout(Promise.resolve(lifecycle?.init?.(hookDeps)), options.initTimeoutMs, () => new PluginInitFailedError(`${definition.id}: init did not finish within ${options.initTimeoutMs} ms`));
  } catch (error) {
    throw isOrchestratorError(error) ? error : new PluginInitFailedError(`${definition.id}: init failed: ${describe(error).reason}`, { cause: error });
  }
  for (const taskType of taskTypes) {
    const deps = resolveDeps(scope, taskType.deps);
    const entry: RegisteredTaskType = { pluginId: definition.id, definition: taskType, run: (run) => taskType.run(run, deps) };
    options.registry.register(entry);
  }
  return {
    id: definition.id,
    version: definition.version,
    directory,
    definition,
    routes: (definition.routes ?? []).map((route) => {
      const deps = resolveDeps(scope, route.deps);
      return { definition: route, handle: (request) => route.handle(request, deps) };
    }),
    stop: async () => {
      await lifecycle?.stop?.(hookDeps);
    },
  };
}

/** Runs stop hooks in reverse load order; a failing or hanging hook is logged and the others still run. */
export async function stopPlugins(plugins: readonly LoadedPlugin[], logger: Logger, timeoutMs: number): Promise<void> {
  for (const plugin of [...plugins].reverse()) {
    try {
      await withTimeout(plugin.stop(), timeoutMs, () => new Error(`stop did not finish within ${timeoutMs} ms`));
    } catch (error) {
      logger.error("plugin stop failed", { plugin: plugin.id, reason: describe(error).reason });
    }
  }
}
