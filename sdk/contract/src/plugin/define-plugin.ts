import type { ConfigSchema } from "../config/config-field.js";
import type { Deps, ResolvedDeps } from "../services/refs.js";
import type { RouteDefinition } from "./route.js";
import type { TaskTypeDefinition } from "./task-type.js";

// Symbol.for: the same symbol in every copy of the SDK, so the host recognises a definition made by a plugin's
// bundled copy.
const PLUGIN_BRAND: unique symbol = Symbol.for("fdo.sdk.plugin");

/**
 * A plugin's start and stop hooks and the services they receive (e.g. `{ config: pluginConfigRef(schema), logger:
 * services.logger }`), checked when the plugin loads.
 * @public
 */
export interface PluginLifecycle<D extends Deps = Deps> {
  readonly deps: D;
  /** Runs once after configuration is validated and before the HTTP server listens. */
  init?(deps: ResolvedDeps<D>): void | Promise<void>;
  /** Runs once at shutdown, in reverse load order; release what `init` acquired. */
  stop?(deps: ResolvedDeps<D>): void | Promise<void>;
}

/**
 * Everything a plugin declares. Pass it to {@link definePlugin} and make the result the entry module's default
 * export.
 * @public
 */
export interface PluginOptions<S extends ConfigSchema = ConfigSchema, L extends Deps = Deps> {
  /** Kebab-case id, equal to `fdOrchestrator.id` in the package manifest, e.g. `mail`. */
  readonly id: string;
  /** The plugin's own version (semver). */
  readonly version: string;
  /** Semver range of the SDK the plugin was built for, e.g. `^2.0.0`. */
  readonly sdk: string;
  readonly description?: string;
  /** Task types served under `/api/tasks/<segment>`, made with {@link defineTaskType}. */
  readonly taskTypes?: readonly TaskTypeDefinition[];
  /** Extra routes, mounted under `/api/plugins/<id>`, made with {@link defineRoute}. */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Configuration keys read from `orchestrator.conf` or the environment. Prefix them with the plugin id in upper
   * snake case (`PASSWORD_EXPIRY_...`); a key the host itself reads is refused. Reach the validated values through
   * `pluginConfigRef(schema)` in any `deps`.
   */
  readonly config?: S;
  /** Start and stop hooks. */
  readonly lifecycle?: PluginLifecycle<L>;
}

/**
 * A plugin definition, as produced by {@link definePlugin}.
 * @public
 */
export type PluginDefinition<S extends ConfigSchema = ConfigSchema> = PluginOptions<S> & { readonly [PLUGIN_BRAND]: true };

/**
 * Declares a plugin. The result is the entry module's default export.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   id: "hello", version: "1.0.0", sdk: "^2.0.0",
 *   taskTypes: [helloTaskType],
 *   lifecycle: { deps: { logger: services.logger }, init: ({ logger }) => logger.info("hello") },
 * });
 * ```
 * @public
 */
export function definePlugin<S extends ConfigSchema = ConfigSchema, L extends Deps = Deps>(options: PluginOptions<S, L>): PluginDefinition<S> {
  return Object.freeze({ ...options, [PLUGIN_BRAND]: true as const }) as unknown as PluginDefinition<S>;
}

/**
 * True when `value` was made by {@link definePlugin} (with any copy of the SDK).
 * @public
 */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
