import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT_PACKAGE = "fusiondirectory-orchestrator";

/**
 * The installation's root directory (the one holding the built-in `plugins/`), found by walking up from this
 * module, so it works from the bundle in core/dist and from the test build alike.
 */
export function findInstallRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let directory = path.dirname(from);
  for (;;) {
    const manifest = path.join(directory, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === ROOT_PACKAGE) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The installation's version (root package.json), `unknown` outside an installation. */
export function installedVersion(): string {
  const root = findInstallRoot();
  if (root === undefined) return "unknown";
  return (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
}
