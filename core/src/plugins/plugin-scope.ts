import type { DependencyContainer } from "tsyringe";
import { TOKENS, type Logger, type PluginContext, type ServiceToken } from "@fdo/sdk";
import { ServiceUnavailableError } from "../errors/registry.js";

/**
 * A plugin's own DI scope: a child of the host container where the logger is tagged with the plugin id and
 * `TOKENS.PluginConfig` is the plugin's validated configuration.
 */
export function createPluginScope(id: string, config: Readonly<Record<string, unknown>>, host: DependencyContainer, hostLogger: Logger): { scope: PluginContext; container: DependencyContainer } {
  const container = host.createChildContainer();
  const logger = hostLogger.child({ plugin: id });
  container.register(TOKENS.Logger, { useValue: logger });
  container.register(TOKENS.PluginConfig, { useValue: config });
  const scope: PluginContext = {
    id,
    config,
    logger,
    resolve<T>(token: ServiceToken<T>): T {
      if (!container.isRegistered(token, true)) throw new ServiceUnavailableError(`${id}: this host provides no ${token.description ?? "such"} service`);
      return container.resolve<T>(token);
    },
  };
  return { scope, container };
}
