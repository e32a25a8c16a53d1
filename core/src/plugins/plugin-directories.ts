import path from "node:path";
import type { CoreConfig } from "../config/core-schema.js";
import { findInstallRoot } from "../install-root.js";

/** The directories scanned for plugin packages, in load order: the built-in one (unless disabled), then PLUGINS_DIR. */
export function pluginDirectories(config: CoreConfig, builtinOverride?: string): string[] {
  const builtin =
    builtinOverride ??
    (() => {
      const root = findInstallRoot();
      return root === undefined ? undefined : path.join(root, "plugins");
    })();
  const directories = config.pluginsBuiltin && builtin !== undefined ? [builtin] : [];
  return [...directories, ...config.pluginsDirs.map((dir) => path.resolve(dir))];
}
