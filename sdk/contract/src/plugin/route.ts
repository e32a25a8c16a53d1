import type { Deps, ResolvedDeps } from "../services/refs.js";

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
 * An extra HTTP route, mounted at `<base>/api/plugins/<plugin id><path>`, as produced by {@link defineRoute}. Throw an
 * `OrchestratorError` (see `defineError`) for a failure: the host turns it into `{code, message}` with its status.
 * @public
 */
export interface RouteDefinition<D extends Deps = Deps> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below the plugin's mount, `@koa/router` 15 syntax: `/preview`, `/users/:uid`, `/files/*rest`. */
  readonly path: string;
  /**
   * `required` (default): a valid access token is needed. `public`: reachable without one, an explicit opt-out.
   */
  readonly auth?: "required" | "public";
  readonly description?: string;
  /** The services `handle` receives (e.g. `config: pluginConfigRef(schema)`), checked when the plugin loads. */
  readonly deps: D;
  handle(request: RouteRequest, deps: ResolvedDeps<D>): RouteResponse | Promise<RouteResponse>;
}

/**
 * Declares a route; `handle` receives the services named in `deps`, typed.
 *
 * @example
 * ```ts
 * defineRoute({ method: "GET", path: "/greeting", deps: { config: pluginConfigRef(config) }, handle: (_request, { config }) => ({ body: config }) });
 * ```
 * @public
 */
export function defineRoute<D extends Deps>(route: RouteDefinition<D>): RouteDefinition {
  return Object.freeze({ ...route }) as unknown as RouteDefinition;
}
