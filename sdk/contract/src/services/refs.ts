import type { ConfigSchema, InferConfig } from "../config/config-field.js";
import type { Claims } from "./claims.js";
import type { Clock } from "./clock.js";
import type { Directory } from "./directory.js";
import type { FusionDirectoryClient } from "./fusiondirectory-client.js";
import type { HostSettings } from "./host-settings.js";
import type { Logger } from "./logger.js";
import type { PluginMetrics } from "./metrics.js";
import type { Outbox } from "./outbox.js";
import type { TaskRunner } from "./task-runner.js";
import type { TaskStore } from "./task-store.js";

// A registry-wide symbol: a reference made by another copy of the SDK (a plugin that bundled its own) is recognised.
const SERVICE_REF = Symbol.for("fdo.sdk.ServiceRef");
declare const serviceType: unique symbol;

/**
 * Names a service the host offers. It is plain data: declare what a task type, route or lifecycle hook needs as
 * `deps: { runner: services.taskRunner }` and receive the services, typed, as one object.
 * @public
 */
export interface ServiceRef<T> {
  /** The service's stable id, e.g. `fdo.taskRunner`; what load errors name. */
  readonly id: string;
  /** Carries the service type for the compiler only; never set. */
  readonly [serviceType]?: T;
}

/**
 * What a task type, route or lifecycle hook needs: a key of your choice for each service reference. The host checks
 * every reference when it loads the plugin (`FDO_ERR_PLUGIN_DEPENDENCY_*`).
 * @public
 */
export type Deps = Readonly<Record<string, ServiceRef<unknown>>>;

/**
 * The services a {@link Deps} declaration resolves to: the same keys, each typed by its reference.
 * @public
 */
export type ResolvedDeps<D extends Deps> = { readonly [K in keyof D]: D[K] extends ServiceRef<infer T> ? T : never };

function ref<T>(id: string): ServiceRef<T> {
  return Object.freeze({ id, [SERVICE_REF]: true }) as ServiceRef<T>;
}

/**
 * True for a reference made by {@link services} or {@link pluginConfigRef}, from any copy of the SDK.
 * @public
 */
export function isServiceRef(value: unknown): value is ServiceRef<unknown> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SERVICE_REF] === true && typeof (value as { id?: unknown }).id === "string";
}

/**
 * Every service the host offers to plugins.
 * @public
 */
export const services = {
  /** {@link Logger} whose lines carry the plugin id. */
  logger: ref<Logger>("fdo.logger"),
  /** {@link Clock}: the one source of "now" (frozen in tests). */
  clock: ref<Clock>("fdo.clock"),
  /** {@link Directory}: the LDAP directory, bound as the orchestrator's service account. */
  directory: ref<Directory>("fdo.directory"),
  /** {@link TaskStore}: FusionDirectory tasks and subtasks. */
  taskStore: ref<TaskStore>("fdo.taskStore"),
  /** {@link TaskRunner}: the claim-process-report loop over due subtasks. */
  taskRunner: ref<TaskRunner>("fdo.taskRunner"),
  /** {@link Outbox}: the only way to send mail (anti-spam cap, at-most-once, dry run). */
  outbox: ref<Outbox>("fdo.outbox"),
  /** {@link Claims}: "do this once across all instances" for work that has no FusionDirectory subtask. */
  claims: ref<Claims>("fdo.claims"),
  /** {@link FusionDirectoryClient}: FusionDirectory's REST API. */
  fusionDirectory: ref<FusionDirectoryClient>("fdo.fusionDirectory"),
  /**
   * {@link PluginMetrics}: the plugin's own Prometheus counters, gauges and histograms, named
   * `fdo_plugin_<plugin id>_<name>`; exposed on `GET <base>/metrics` when the host enables metrics.
   */
  metrics: ref<PluginMetrics>("fdo.metrics"),
  /** {@link HostSettings}: non-secret host settings (LDAP base, URLs). */
  settings: ref<HostSettings>("fdo.settings"),
  /** The plugin's validated configuration; use {@link pluginConfigRef} to get it typed by your schema. */
  pluginConfig: ref<Readonly<Record<string, unknown>>>("fdo.pluginConfig"),
} as const;

/**
 * What a task type working on FusionDirectory subtasks usually needs: the runner, the directory, the task store, the
 * host settings and the logger. Spread it into `deps` and add the rest, e.g.
 * `deps: { ...subtaskServices, outbox: services.outbox }`.
 * @public
 */
export const subtaskServices = {
  runner: services.taskRunner,
  directory: services.directory,
  tasks: services.taskStore,
  settings: services.settings,
  logger: services.logger,
} as const;

/**
 * `services.pluginConfig`, typed by your plugin's config schema.
 *
 * @example
 * ```ts
 * export const config = { concurrency: field.integer({ key: "HELLO_CONCURRENCY", description: "...", default: 4 }) };
 * defineTaskType({ segment: "hello", deps: { config: pluginConfigRef(config) }, async run(run, { config }) { ... } });
 * ```
 * @public
 */
export function pluginConfigRef<S extends ConfigSchema>(_schema: S): ServiceRef<InferConfig<S>> {
  return services.pluginConfig as ServiceRef<InferConfig<S>>;
}
