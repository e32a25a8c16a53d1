import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type tls from "node:tls";
import { type Clock, childDn, type Directory, type Logger, type ServiceRef } from "@fdo/sdk";
import { createAuth } from "./auth/create-auth.js";
import type { TokenService } from "./auth/token-service.js";
import { LdapClaims } from "./claims/ldap-claims.js";
import { SystemClock } from "./clock/system-clock.js";
import { type CoreConfig, coreConfigSchema } from "./config/core-schema.js";
import type { LoadedConfig } from "./config/load-config.js";
import { schemaKeys } from "./config/validate-config.js";
import { createHostContainer, OFFERED_SERVICES } from "./container/create-host-container.js";
import { ConfigInvalidError } from "./errors/registry.js";
import { createFusionDirectoryClient } from "./fusiondirectory/create-client.js";
import { UnconfiguredFusionDirectoryClient } from "./fusiondirectory/unconfigured-client.js";
import { createApp } from "./http/create-app.js";
import { installedVersion } from "./install-root.js";
import { instanceId } from "./instance-id.js";
import { DirectorySchema } from "./ldap/directory-schema.js";
import { LdapDirectory } from "./ldap/ldap-directory.js";
import { createLogger } from "./logging/create-logger.js";
import { DEFAULT_TRANSIENT_RETRY, type TransientRetry } from "./mail/deliver-messages.js";
import { HostOutbox } from "./mail/host-outbox.js";
import type { Mailer } from "./mail/mailer.js";
import { SmtpMailer } from "./mail/smtp-mailer.js";
import { smtpTransportSettings } from "./mail/smtp-transport-settings.js";
import { HostMetrics } from "./metrics/host-metrics.js";
import { RegistryPluginMetrics } from "./metrics/plugin-metrics.js";
import { pluginDirectories } from "./plugins/plugin-directories.js";
import { loadPlugins, type PluginLoadReport, stopPlugins } from "./plugins/plugin-loader.js";
import { TaskTypeRegistry } from "./plugins/task-type-registry.js";
import { RunHistory } from "./runs/run-history.js";
import { TaskRuns } from "./runs/task-runs.js";
import { createScheduler } from "./scheduler/create-scheduler.js";
import { createTaskEngine } from "./tasks/create-task-engine.js";

/** Segments under /api/tasks that the host serves itself (upstream's maintenance endpoints). */
export const RESERVED_TASK_SEGMENTS: ReadonlySet<string> = new Set(["tasks", "removesubtasks", "activatecyclictasks", "restartfailedtasks"]);

const TOKEN_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface HostOptions {
  readonly config: LoadedConfig;
  /** Defaults to JSON lines on stdout at LOG_LEVEL. */
  readonly logger?: Logger;
  /** Defaults to the system clock; tests freeze time here. */
  readonly clock?: Clock;
  /** Overrides the directory of built-in plugins (`<install>/plugins`). */
  readonly builtinPluginsDir?: string;
  /**
   * How the Outbox waits between the retries of a mail refused for now (SMTP 4xx); defaults to real timers. Test kits
   * pass an instant one, so the retries are driven by the SMTP server's answers, not by time.
   */
  readonly mailRetryWait?: TransientRetry["wait"];
}

export interface Host {
  readonly config: CoreConfig;
  readonly registry: TaskTypeRegistry;
  readonly plugins: PluginLoadReport;
  /** A host-wide service, as plugins receive it (in-process callers such as test kits read the directory with it). */
  resolve<T>(ref: ServiceRef<T>): T;
  /** Mints and verifies this host's tokens (in-process callers such as test kits mint access tokens with it). */
  readonly tokens: TokenService;
  /** Starts the HTTP server; resolves with its base URL (`http://host:port<HTTP_BASE_PATH>`). */
  listen(): Promise<string>;
  /** Stops accepting requests, lets in-flight ones finish (bounded), stops plugins, closes LDAP and SMTP. */
  stop(): Promise<void>;
}

function readCaFile(file: string | undefined): Buffer | undefined {
  return file === undefined ? undefined : readFileSync(file);
}

function ldapTlsOptions(config: CoreConfig): tls.ConnectionOptions {
  return { rejectUnauthorized: !config.ldapTlsInsecure, ca: readCaFile(config.ldapCaFile) };
}

function createDirectory(config: CoreConfig, logger: Logger, metrics: HostMetrics): LdapDirectory {
  return new LdapDirectory({
    url: config.ldapUri,
    bindDn: config.ldapBindDn,
    bindPassword: config.ldapPassword,
    pageSize: config.ldapPageSize,
    timeoutMs: config.ldapTimeoutMs,
    tlsOptions: ldapTlsOptions(config),
    logger: logger.child({ service: "ldap" }),
    observe: (operation, seconds) => metrics.ldapDuration.observe({ operation }, seconds),
  });
}

/** The pooled SMTP mailer `start` builds from this configuration. */
export function createMailer(loaded: LoadedConfig, logger: Logger): SmtpMailer {
  const config = loaded.core;
  const auth = config.mailAuth && config.mailUser !== undefined && config.mailPassword !== undefined ? { user: config.mailUser, pass: config.mailPassword } : undefined;
  return new SmtpMailer({
    host: config.mailHost,
    port: config.mailPort,
    ...smtpTransportSettings(config, loaded.raw),
    ...(auth === undefined ? {} : { auth }),
    logger: logger.child({ service: "mail" }),
  });
}

/**
 * Builds a host from validated configuration: services in a DI scope, plugins loaded from the plugin directories,
 * the HTTP app assembled. Nothing listens until `listen()`.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const config = options.config.core;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  for (const warning of options.config.warnings) logger.warn(warning);
  const metrics = new HostMetrics({ processMetrics: config.metricsEnabled });
  const directory: LdapDirectory & Directory = createDirectory(config, logger, metrics);
  const mailer: SmtpMailer & Mailer = createMailer(options.config, logger);
  const clock = options.clock ?? new SystemClock();
  const owner = instanceId();
  const auth = createAuth(config, { directory, clock, logger, tlsOptions: ldapTlsOptions(config) });
  const claimsBranch = async (): Promise<string> => config.claimsBranch ?? childDn("ou", "claims", await auth.tokenBranch());
  const schema = new DirectorySchema(directory, logger.child({ service: "ldap" }));
  const engine = createTaskEngine(config, { directory, schema, clock, logger, owner, windowBranch: claimsBranch });
  const mailRetry: TransientRetry = { ...DEFAULT_TRANSIENT_RETRY, ...(options.mailRetryWait === undefined ? {} : { wait: options.mailRetryWait }) };
  const fusionDirectory = createFusionDirectoryClient(config, logger);
  const closeServices = async () => {
    // A login's family clean-up may still be running: it needs the directory.
    await auth.refreshTokens.idle();
    return Promise.allSettled([directory.close(), mailer.close(), auth.close(), fusionDirectory?.close()]);
  };
  const container = createHostContainer({
    logger,
    clock,
    directory,
    taskStore: engine.taskStore,
    taskRunner: engine.taskRunner,
    fusionDirectory: fusionDirectory ?? new UnconfiguredFusionDirectoryClient(),
    settings: { ldapBase: config.ldapBase, dsaBranch: config.ldapDsaBranch, fusionDirectoryApiUrl: config.fdApiUrl, httpBasePath: config.httpBasePath, nothingToDo: config.nothingToDo },
    perPlugin: {
      outbox: (pluginLogger, pluginId) => new HostOutbox({ budget: engine.mailBudget, mailer, logger: pluginLogger, retry: mailRetry, onSent: () => metrics.mailsSent.inc({ plugin: pluginId }) }),
      metrics: (pluginId) => new RegistryPluginMetrics(metrics.registry, pluginId),
      claims: (pluginId) => new LdapClaims({ directory, clock, owner, leaseSeconds: config.claimLeaseSeconds, branch: async () => childDn("ou", pluginId, await claimsBranch()) }),
    },
  });
  const registry = new TaskTypeRegistry();
  const shutdown = new AbortController();
  let plugins: PluginLoadReport;
  try {
    plugins = await loadPlugins({
      directories: pluginDirectories(config, options.builtinPluginsDir),
      enabled: config.pluginsEnabled,
      disabled: config.pluginsDisabled,
      strict: config.pluginsStrict,
      initTimeoutMs: config.pluginInitTimeoutMs,
      raw: options.config.raw,
      hostKeys: new Set(schemaKeys(coreConfigSchema)),
      reservedSegments: RESERVED_TASK_SEGMENTS,
      container,
      offeredServices: OFFERED_SERVICES,
      registry,
      logger,
    });
  } catch (error) {
    await closeServices();
    throw error;
  }
  metrics.pluginsLoaded.set(plugins.loaded.length);
  const history = new RunHistory(config.runsHistory);
  const runs = new TaskRuns({ history, metrics, logger, clock, instance: owner });
  const scheduling = createScheduler({
    config,
    raw: options.config.raw,
    registry,
    runs,
    metrics,
    directory,
    store: engine.taskStore,
    clock,
    logger,
    owner,
    signal: shutdown.signal,
    fusionDirectory,
    tokenBranch: () => auth.tokenBranch(),
  });
  if (!scheduling.ok) {
    await stopPlugins(plugins.loaded, logger, config.pluginInitTimeoutMs);
    await closeServices();
    throw new ConfigInvalidError(`configuration is invalid: ${scheduling.problems.map((problem) => problem.message).join("; ")}`, { details: { problems: scheduling.problems, warnings: [] } });
  }
  const scheduler = scheduling.scheduler;
  const app = createApp({
    config,
    logger,
    directory,
    auth,
    version: installedVersion(),
    plugins: plugins.loaded,
    registry,
    runs,
    history,
    metrics,
    store: engine.taskStore,
    clock,
    fusionDirectory,
    shutdown: shutdown.signal,
  });
  const sweeper = setInterval(() => {
    auth.refreshTokens.sweepExpired().catch((error: unknown) => logger.warn("refresh-token sweep failed", { err: error }));
  }, TOKEN_SWEEP_INTERVAL_MS);
  sweeper.unref();
  let server: Server | undefined;
  let stopping: Promise<void> | undefined;

  return {
    config,
    registry,
    plugins,
    resolve: (ref) => container.resolve(ref.id),
    tokens: auth.tokens,
    async listen() {
      server = createServer(app.callback());
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(config.httpPort, config.httpHost, () => resolve());
      });
      const { address, port } = listening.address() as AddressInfo;
      const host = address.includes(":") ? `[${address}]` : address;
      const url = `http://${host}:${port}${config.httpBasePath}`;
      logger.info("listening", { url, plugins: plugins.loaded.map((plugin) => plugin.id), failedPlugins: plugins.failed.map((plugin) => plugin.id) });
      // Logs, once, the FD 1.6 bookkeeping this directory's schema lacks; an unreachable directory is asked at the first
      // run.
      await engine.fd16.writes().catch((error: unknown) => logger.warn("cannot read the directory's schema at start-up; it is read at the first run", { err: error }));
      scheduler?.start();
      return url;
    },
    stop() {
      stopping ??= (async () => {
        shutdown.abort(new Error("host is shutting down"));
        clearInterval(sweeper);
        // Scheduled runs finish their current subtask and release their leases while the directory is still open.
        await scheduler?.stop();
        if (server !== undefined) await closeServer(server);
        await stopPlugins(plugins.loaded, logger, config.pluginInitTimeoutMs);
        await closeServices();
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}

// In-flight requests get a grace period; idle keep-alive sockets are closed at once.
async function closeServer(server: Server, graceMs = 10000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
}
