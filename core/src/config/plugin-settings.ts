import { type ConfigSchema, SDK_VERSION } from "@fdo/sdk";
import semver from "semver";
import { discoverPackages } from "../plugins/discover-packages.js";
import { pluginDirectories } from "../plugins/plugin-directories.js";
import { importDefinition } from "../plugins/plugin-loader.js";
import { type PluginPackage, readManifest } from "../plugins/read-manifest.js";
import { validateDefinition } from "../plugins/validate-definition.js";
import { type CoreConfig, coreConfigSchema } from "./core-schema.js";
import { pluginsDirProblems } from "./plugins-dir-problems.js";
import { type ConfigProblem, type RawConfig, schemaKeys, validateConfig } from "./validate-config.js";

/** The plugin side of the configuration: every problem, and the keys the plugins about to load read. */
export interface PluginSettingsReport {
  readonly problems: readonly ConfigProblem[];
  readonly pluginKeys: readonly string[];
}

async function readableManifests(config: CoreConfig): Promise<PluginPackage[]> {
  const packages = (await Promise.all(pluginDirectories(config).map(discoverPackages))).flat();
  const manifests = await Promise.all(packages.map((directory) => readManifest(directory).catch(() => undefined)));
  return manifests.filter((pkg): pkg is PluginPackage => pkg !== undefined);
}

function unknownIds(key: string, named: readonly string[], found: ReadonlySet<string>): ConfigProblem[] {
  const available = [...found].sort().join(", ") || "none";
  return named.filter((id) => !found.has(id)).map((id) => ({ key, message: `${key} names ${id}, but no plugin has that id (plugins found: ${available})` }));
}

// A plugin whose SDK range, import or definition is broken is reported by the loader with its own code; only
// the configuration of plugins that can load is judged here.
async function configSchemaOf(pkg: PluginPackage): Promise<ConfigSchema | undefined> {
  if (!semver.satisfies(SDK_VERSION, pkg.manifest.sdk)) return undefined;
  try {
    return validateDefinition(await importDefinition(pkg), pkg.manifest, new Set(schemaKeys(coreConfigSchema))).config;
  } catch {
    return undefined;
  }
}

/**
 * Checks the plugin settings before anything starts: each `PLUGINS_DIR` entry, every id in `PLUGINS_ENABLED` and
 * `PLUGINS_DISABLED`, and the configuration keys of each plugin that will load (its entry is imported, as the
 * loader would; no hook runs).
 */
export async function checkPluginSettings(config: CoreConfig, raw: RawConfig): Promise<PluginSettingsReport> {
  const problems: ConfigProblem[] = (await Promise.all(config.pluginsDirs.map(pluginsDirProblems))).flat();
  const manifests = await readableManifests(config);
  const ids = new Set(manifests.map((pkg) => pkg.manifest.id));
  problems.push(...unknownIds("PLUGINS_ENABLED", config.pluginsEnabled, ids), ...unknownIds("PLUGINS_DISABLED", config.pluginsDisabled, ids));

  const selected = manifests.filter(
    (pkg, index) =>
      manifests.findIndex((other) => other.manifest.id === pkg.manifest.id) === index &&
      !config.pluginsDisabled.includes(pkg.manifest.id) &&
      (config.pluginsEnabled.length === 0 || config.pluginsEnabled.includes(pkg.manifest.id)),
  );
  const pluginKeys: string[] = [];
  for (const pkg of selected) {
    const schema = await configSchemaOf(pkg);
    if (schema === undefined) continue;
    pluginKeys.push(...schemaKeys(schema));
    const validation = validateConfig(schema, raw);
    if (!validation.ok) problems.push(...validation.problems.map((problem) => ({ key: problem.key, message: `plugin ${pkg.manifest.id}: ${problem.message}` })));
  }
  return { problems, pluginKeys };
}
