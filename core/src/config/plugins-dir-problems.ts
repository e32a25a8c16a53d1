import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { discoverPackages } from "../plugins/discover-packages.js";
import type { ConfigProblem } from "./validate-config.js";

async function isPluginPackage(directory: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(path.join(directory, "package.json"), "utf8")) as { fdOrchestrator?: unknown } | null;
    return typeof pkg?.fdOrchestrator === "object" && pkg.fdOrchestrator !== null;
  } catch {
    return false;
  }
}

/**
 * What is wrong with one `PLUGINS_DIR` entry: missing, not a directory, or holding no plugin package — which
 * includes the common slip of naming a plugin's own directory instead of the one that contains it.
 */
export async function pluginsDirProblems(entry: string): Promise<ConfigProblem[]> {
  const directory = path.resolve(entry);
  const problem = (text: string): ConfigProblem[] => [{ key: "PLUGINS_DIR", message: `PLUGINS_DIR entry ${entry} ${text}` }];
  const stats = await stat(directory).catch(() => undefined);
  if (stats === undefined) return problem("does not exist");
  if (!stats.isDirectory()) return problem("is not a directory");
  if ((await discoverPackages(directory)).length > 0) return [];
  if (await isPluginPackage(directory)) {
    return problem(`is a plugin package itself; PLUGINS_DIR names the directory that holds plugin packages, here ${path.dirname(directory)}`);
  }
  return problem("holds no plugin package (a sub-directory whose package.json has an fdOrchestrator manifest)");
}
