import type { Context, Middleware } from "koa";
import type { HostMetrics } from "./host-metrics.js";

/** A login's outcome as its answer tells it: the authenticator needs no metrics of its own. */
function loginOutcome(status: number): string {
  if (status === 200) return "success";
  if (status === 429) return "rate_limited";
  return "failure";
}

// The router sets the template it matched; never the raw path, whose DNs and ids would make a series each.
const routeTemplate = (ctx: Context): string => (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute?.toString() ?? "unmatched";

/**
 * Counts and times every request by method, route template and final status. Mount it outermost (before the
 * error handler) so that the status it reads is the one sent.
 */
export function httpMetrics(metrics: HostMetrics, loginRoute: string): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routeTemplate(ctx);
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      if (ctx.method === "POST" && route === loginRoute) metrics.authLogins.inc({ outcome: loginOutcome(ctx.status) });
    }
  };
}
