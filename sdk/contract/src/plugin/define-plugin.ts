import type { ConfigSchema, InferConfig } from "../config/config-field.js";
import type { ServiceResolver } from "../di/service-token.js";
import type { Logger } from "../services/logger.js";
import type { RouteDefinition } from "./route.js";
import type { TaskTypeDefinition } from "./task-type.js";

// Symbol.for: the same symbol in every copy of the SDK, so the host recognises a definition made by a plugin's
// bundled copy.
const PLUGIN_BRAND: unique symbol = Symbol.for("fdo.sdk.plugin");

/**
 * What a plugin's `init` and `stop` hooks receive.
 * @public
 */
export interface PluginContext<S extends ConfigSchema = ConfigSchema> extends ServiceResolver {
  readonly id: string;
  /** The plugin's configuration, validated against its schema, defaults applied. */
  readonly config: InferConfig<S>;
  /** Logger tagged with the plugin id. */
  readonly logger: Logger;
}

/**
 * Everything a plugin declares. Pass it to {@link definePlugin} and make the result the entry module's default
 * export.
 * @public
 */
export interface PluginOptions<S extends ConfigSchema = ConfigSchema> {
  /** Kebab-case id, equal to `fdOrchestrator.id` in the package manifest, e.g. `mail`. */
  readonly id: string;
  /** The plugin's own version (semver). */
  readonly version: string;
  /** Semver range of the SDK the plugin was built for, e.g. `^2.0.0`. */
  readonly sdk: string;
  readonly description?: string;
  /** Task types served under `/api/tasks/<segment>`. */
  readonly taskTypes?: readonly TaskTypeDefinition[];
  /** Extra routes, mounted under `/api/plugins/<id>`. */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Configuration keys read from `orchestrator.conf` or the environment. Prefix them with the plugin id in upper
   * snake case (`PASSWORD_EXPIRY_...`); a key the host itself reads is refused.
   */
  readonly config?: S;
  /** Runs once after configuration is validated and before the HTTP server listens. */
  init?(context: PluginContext<S>): void | Promise<void>;
  /** Runs once at shutdown, in reverse load order; release what `init` acquired. */
  stop?(context: PluginContext<S>): void | Promise<void>;
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
 *   taskTypes: [{ segment: "hello", granularTypes: ["hello"], executor: HelloExecutor }],
 * });
 * ```
 * @public
 */
export function definePlugin<S extends ConfigSchema = ConfigSchema>(options: PluginOptions<S>): PluginDefinition<S> {
  return Object.freeze({ ...options, [PLUGIN_BRAND]: true as const });
}

/**
 * True when `value` was made by {@link definePlugin} (with any copy of the SDK).
 * @public
 */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
