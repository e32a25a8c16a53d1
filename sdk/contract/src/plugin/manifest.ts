/**
 * The `fdOrchestrator` key of a plugin package's `package.json`: what the host reads before importing anything.
 *
 * @example
 * ```json
 * "fdOrchestrator": { "apiVersion": 2, "id": "mail", "entry": "dist/index.js", "sdk": "^2.0.0" }
 * ```
 * @public
 */
export interface PluginManifest {
  /** Manifest format; `2` for this SDK (see `PLUGIN_API_VERSION`). */
  readonly apiVersion: number;
  /** Kebab-case plugin id; must equal the definition's `id`. */
  readonly id: string;
  /** Entry module, relative to the package directory and inside it. */
  readonly entry: string;
  /** Semver range of the SDK the plugin was built for. */
  readonly sdk: string;
}
