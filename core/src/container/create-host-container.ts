// tsyringe needs the Reflect metadata polyfill loaded first; this is the one core module that loads tsyringe.
import "reflect-metadata";
import {
  type Claims,
  type Clock,
  type Directory,
  type FusionDirectoryClient,
  type HostSettings,
  type Logger,
  type Outbox,
  type PluginMetrics,
  services,
  type TaskRunner,
  type TaskStore,
} from "@fdo/sdk";
import { type DependencyContainer, container as globalContainer } from "tsyringe";

/** What the host builds for each plugin: services bound to the plugin (its logger, its claim namespace). */
export interface PluginServiceFactory {
  outbox(logger: Logger, pluginId: string): Outbox;
  claims(pluginId: string): Claims;
  metrics(pluginId: string): PluginMetrics;
}

/** The host-wide services, and the factory of per-plugin ones. */
export interface HostServices {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly settings: HostSettings;
  readonly taskStore: TaskStore;
  readonly taskRunner: TaskRunner;
  readonly fusionDirectory: FusionDirectoryClient;
  readonly perPlugin: PluginServiceFactory;
}

// Internal token: never a ServiceRef id, so no plugin can ask for it.
const PER_PLUGIN = Symbol("fdo.core.perPluginServices");

/** The ids of every service a plugin may name in its `deps` (the tsyringe token of each is its id). */
export const OFFERED_SERVICES: ReadonlySet<string> = new Set(Object.values(services).map((ref) => ref.id));

/**
 * A fresh DI scope per host (a child of tsyringe's global container, so several hosts can live in one process, as in
 * tests) holding the host-wide services under their ServiceRef ids.
 */
export function createHostContainer(host: HostServices): DependencyContainer {
  const scope = globalContainer.createChildContainer();
  scope.register(services.logger.id, { useValue: host.logger });
  scope.register(services.clock.id, { useValue: host.clock });
  scope.register(services.directory.id, { useValue: host.directory });
  scope.register(services.settings.id, { useValue: host.settings });
  scope.register(services.taskStore.id, { useValue: host.taskStore });
  scope.register(services.taskRunner.id, { useValue: host.taskRunner });
  scope.register(services.fusionDirectory.id, { useValue: host.fusionDirectory });
  scope.register(PER_PLUGIN, { useValue: host.perPlugin });
  return scope;
}

/** A plugin's scope: a child of the host's where the logger names the plugin and the plugin-bound services live. */
export function createPluginContainer(host: DependencyContainer, pluginId: string, config: Readonly<Record<string, unknown>>): DependencyContainer {
  const scope = host.createChildContainer();
  const logger = host.resolve<Logger>(services.logger.id).child({ plugin: pluginId });
  const perPlugin = host.resolve<PluginServiceFactory>(PER_PLUGIN);
  scope.register(services.logger.id, { useValue: logger });
  scope.register(services.pluginConfig.id, { useValue: config });
  scope.register(services.outbox.id, { useValue: perPlugin.outbox(logger, pluginId) });
  scope.register(services.metrics.id, { useValue: perPlugin.metrics(pluginId) });
  scope.register(services.claims.id, { useValue: perPlugin.claims(pluginId) });
  return scope;
}
