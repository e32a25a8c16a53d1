import type { ServiceResolver } from "../di/service-token.js";
import type { Logger } from "../services/logger.js";

/**
 * An HTTP request as a plugin route sees it (no framework objects cross the plugin boundary).
 * @public
 */
export interface RouteRequest {
  readonly method: string;
  /** Path parameters declared in the route path (`/preview/:uid`). */
  readonly params: Readonly<Record<string, string>>;
  /** Query string parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>;
  /** Decoded JSON body, or `undefined`. Validate before use. */
  readonly body: unknown;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** Aborted when the client goes away or the host shuts down. */
  readonly signal: AbortSignal;
}

/**
 * What a route handler returns. `body` is sent as JSON.
 * @public
 */
export interface RouteResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What a route handler can reach: the plugin's services, its logger and its configuration.
 * @public
 */
export interface RouteContext extends ServiceResolver {
  readonly logger: Logger;
  /** The plugin's validated configuration (as `TOKENS.PluginConfig`). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * An extra HTTP route, mounted at `<base>/api/plugins/<plugin id><path>`. Throw an `OrchestratorError` (see
 * {@link defineError}) for a failure: the host turns it into `{code, message}` with its status.
 * @public
 */
export interface RouteDefinition {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below the plugin's mount, `@koa/router` 15 syntax: `/preview`, `/users/:uid`, `/files/*rest`. */
  readonly path: string;
  /**
   * `required` (default): a valid access token is needed. `public`: reachable without one, an explicit opt-out.
   */
  readonly auth?: "required" | "public";
  readonly description?: string;
  handle(request: RouteRequest, context: RouteContext): RouteResponse | Promise<RouteResponse>;
}
