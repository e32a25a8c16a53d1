import type { Clock, Directory, FusionDirectoryClient, Logger, TaskStore } from "@fdo/sdk";
import Router from "@koa/router";
import Koa from "koa";
import { bearerGuard } from "../auth/bearer-guard.js";
import type { AuthServices } from "../auth/create-auth.js";
import type { CoreConfig } from "../config/core-schema.js";
import type { HostMetrics } from "../metrics/host-metrics.js";
import { httpMetrics } from "../metrics/http-metrics.js";
import { registerMetricsRoute } from "../metrics/metrics-route.js";
import type { LoadedPlugin } from "../plugins/loaded-plugin.js";
import type { TaskTypeRegistry } from "../plugins/task-type-registry.js";
import type { RunHistory } from "../runs/run-history.js";
import { registerRunsRoutes } from "../runs/runs-routes.js";
import type { TaskRuns } from "../runs/task-runs.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { bodyReader } from "./body-reader.js";
import { errorHandler } from "./error-handler.js";
import { registerHealthRoutes } from "./health-routes.js";
import { registerMaintenanceRoutes } from "./maintenance-routes.js";
import { buildOpenApi } from "./openapi/build-openapi.js";
import { registerPluginRoutes } from "./plugin-routes.js";
import { requestId } from "./request-id.js";
import { registerTaskListRoutes } from "./task-list-routes.js";
import { registerTaskRoutes } from "./task-routes.js";
import { clientAddressMiddleware } from "./trusted-proxies.js";

export interface AppDependencies {
  readonly config: CoreConfig;
  readonly logger: Logger;
  readonly directory: Directory;
  readonly auth: AuthServices;
  readonly plugins: readonly LoadedPlugin[];
  /** The orchestrator's version, for the API document. */
  readonly version: string;
  readonly registry: TaskTypeRegistry;
  /** Runs task types and records them; `history` is what it recorded. */
  readonly runs: TaskRuns;
  readonly history: RunHistory;
  readonly metrics: HostMetrics;
  readonly store: TaskStore;
  readonly clock: Clock;
  /** FusionDirectory's REST API; `undefined` when FUSIONDIRECTORY_WEBSERVICE_URL is not configured. */
  readonly fusionDirectory: FusionDirectoryClient | undefined;
  /** Aborted when the host begins shutting down. */
  readonly shutdown: AbortSignal;
}

/** Assembles the Koa application: request id, error mapping, body limit, then the routes under HTTP_BASE_PATH. */
export function createApp(deps: AppDependencies): Koa {
  const app = new Koa({ proxy: deps.config.httpTrustProxy });
  // Errors are logged by errorHandler; Koa's default handler would print stacks to stderr.
  app.silent = true;
  const router = new Router({ prefix: deps.config.httpBasePath || undefined });
  const requireAuth = bearerGuard(deps.auth.tokens);
  registerHealthRoutes(router, deps.directory);
  const openApi = buildOpenApi({ version: deps.version, basePath: deps.config.httpBasePath, registry: deps.registry, plugins: deps.plugins });
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = openApi;
  });
  registerAuthRoutes(router, deps.auth.authenticator);
  // The listing and the host's own segments first: `/api/tasks/:segment` would match them too.
  registerTaskListRoutes(router, deps.directory, deps.config.ldapBase, requireAuth);
  registerMaintenanceRoutes(
    router,
    { directory: deps.directory, store: deps.store, clock: deps.clock, fd: deps.fusionDirectory, ldapBase: deps.config.ldapBase, logger: deps.logger },
    { runs: deps.runs, shutdown: deps.shutdown },
    requireAuth,
  );
  registerRunsRoutes(router, deps.history, deps.config.runsHistory, requireAuth);
  if (deps.config.metricsEnabled) registerMetricsRoute(router, deps.metrics, deps.config.metricsToken);
  registerTaskRoutes(router, { registry: deps.registry, runs: deps.runs, store: deps.store, clock: deps.clock, shutdown: deps.shutdown }, requireAuth);
  registerPluginRoutes(router, deps.plugins, requireAuth, deps.shutdown);
  app.use(httpMetrics(deps.metrics, `${deps.config.httpBasePath}/api/login`));
  app.use(requestId());
  app.use(clientAddressMiddleware(deps.config.httpTrustProxy, deps.config.httpTrustedProxies));
  app.use(errorHandler(deps.logger));
  app.use(bodyReader(deps.config.httpBodyLimit));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
