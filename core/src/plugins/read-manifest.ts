import { readFile } from "node:fs/promises";
import path from "node:path";
import { type OrchestratorError, PLUGIN_API_VERSION, type PluginManifest } from "@fdo/sdk";
import semver from "semver";
import { PluginManifestInvalidError } from "../errors/registry.js";

export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A manifest with the absolute path of its entry module. */
export interface PluginPackage {
  readonly directory: string;
  readonly manifest: PluginManifest;
  readonly entryPath: string;
}

function invalid(directory: string, reason: string): OrchestratorError {
  return new PluginManifestInvalidError(`${path.basename(directory)}: ${reason}`);
}

/**
 * Reads and checks the `fdOrchestrator` manifest of the package in `directory`. Nothing of the plugin is
 * executed here.
 */
export async function readManifest(directory: string): Promise<PluginPackage> {
  let pkg: unknown;
  try {
    pkg = JSON.parse(await readFile(path.join(directory, "package.json"), "utf8"));
  } catch (error) {
    throw invalid(directory, `package.json cannot be read as JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const manifest = (pkg as { fdOrchestrator?: unknown } | null)?.fdOrchestrator;
  if (typeof manifest !== "object" || manifest === null) throw invalid(directory, "package.json has no fdOrchestrator object");
  const { apiVersion, id, entry, sdk } = manifest as Record<string, unknown>;
  if (apiVersion !== PLUGIN_API_VERSION) throw invalid(directory, `fdOrchestrator.apiVersion must be ${PLUGIN_API_VERSION}`);
  if (typeof id !== "string" || !PLUGIN_ID_PATTERN.test(id)) throw invalid(directory, "fdOrchestrator.id must be a kebab-case id");
  if (typeof sdk !== "string" || semver.validRange(sdk) === null) throw invalid(directory, "fdOrchestrator.sdk must be a semver range");
  if (typeof entry !== "string" || entry === "") throw invalid(directory, "fdOrchestrator.entry must name the entry module");
  const entryPath = path.resolve(directory, entry);
  if (!entryPath.startsWith(directory + path.sep)) throw invalid(directory, "fdOrchestrator.entry must stay inside the package");
  return { directory, manifest: { apiVersion, id, entry, sdk }, entryPath };
}
