import { access, readdir } from "node:fs/promises";
import path from "node:path";

async function hasPackageJson(directory: string): Promise<boolean> {
  return access(path.join(directory, "package.json")).then(
    () => true,
    () => false,
  );
}

/**
 * Lists candidate plugin package directories (absolute, sorted by name for a stable load order): each
 * sub-directory with a package.json, including one level down in `@scope` directories. A missing plugins
 * directory yields nothing; the caller reports it.
 */
export async function discoverPackages(pluginsDir: string): Promise<string[]> {
  const root = path.resolve(pluginsDir);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.filter((item) => item.isDirectory() || item.isSymbolicLink()).sort((a, b) => a.name.localeCompare(b.name))) {
    const directory = path.join(root, entry.name);
    if (entry.name.startsWith("@")) {
      found.push(...(await discoverPackages(directory)));
    } else if (!entry.name.startsWith(".") && entry.name !== "node_modules" && (await hasPackageJson(directory))) {
      found.push(directory);
    }
  }
  return found;
}
