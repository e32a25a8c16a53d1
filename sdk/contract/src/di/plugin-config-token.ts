import type { ConfigSchema, InferConfig } from "../config/config-field.js";
import type { ServiceToken } from "./service-token.js";
import { TOKENS } from "./tokens.js";

/**
 * `TOKENS.PluginConfig`, typed by your plugin's config schema, so an injected configuration needs no casts.
 *
 * @example
 * ```ts
 * export const config = { concurrency: field.integer({ key: "HELLO_CONCURRENCY", description: "...", default: 4 }) };
 * class HelloExecutor { constructor(private readonly config: InferConfig<typeof config>) {} }
 * Injectable(pluginConfigToken(config))(HelloExecutor);
 * ```
 * @public
 */
export function pluginConfigToken<S extends ConfigSchema>(_schema: S): ServiceToken<InferConfig<S>> {
  return TOKENS.PluginConfig as ServiceToken<InferConfig<S>>;
}
