import type { RouteRequest } from "@fdo/sdk";
import type Router from "@koa/router";
import type { Middleware } from "koa";
import type { LoadedPlugin } from "../plugins/loaded-plugin.js";
import { requestSignal } from "./request-signal.js";

function lastValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) flat[name] = last;
  }
  return flat;
}

/**
 * Mounts each plugin's routes at `/api/plugins/<id><path>`. Plugins see a framework-free request and return a
 * plain response; routes need a valid access token unless they opt out with `auth: "public"`.
 */
export function registerPluginRoutes(router: Router, plugins: readonly LoadedPlugin[], requireAuth: Middleware, shutdown: AbortSignal): void {
  for (const plugin of plugins) {
    for (const route of plugin.routes) {
      const { definition } = route;
      const path = `/api/plugins/${plugin.id}${definition.path}`;
      const guards = definition.auth === "public" ? [] : [requireAuth];
      router.register(
        path,
        [definition.method],
        [
          ...guards,
          async (ctx) => {
            const request: RouteRequest = {
              method: ctx.method,
              params: { ...(ctx.params as Record<string, string>) },
              query: lastValues(ctx.query),
              body: ctx.state["body"],
              headers: Object.fromEntries(Object.entries(ctx.headers).map(([name, value]) => [name, String(value)])),
              requestId: ctx.state["requestId"] as string,
              signal: requestSignal(ctx, shutdown),
            };
            const response = await route.handle(request);
            ctx.set(response.headers ?? {});
            // Status after body: Koa would otherwise overwrite an explicit status when the body is assigned.
            ctx.body = response.body ?? null;
            ctx.status = response.status ?? (response.body === undefined ? 204 : 200);
          },
        ],
      );
    }
  }
}
