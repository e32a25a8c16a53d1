import { createHash, timingSafeEqual } from "node:crypto";
import type Router from "@koa/router";
import type { Context } from "koa";
import { AuthTokenInvalidError, AuthTokenMissingError } from "../errors/registry.js";
import type { HostMetrics } from "./host-metrics.js";

// Digests first: timingSafeEqual needs equal lengths, and comparing digests does not reveal the token's length.
const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

function checkToken(ctx: Context, token: string): void {
  const header = ctx.get("authorization");
  if (header === "") throw new AuthTokenMissingError("the metrics endpoint needs Authorization: Bearer <METRICS_TOKEN>");
  const presented = /^Bearer (.+)$/.exec(header)?.[1] ?? "";
  if (!timingSafeEqual(digest(presented), digest(token))) throw new AuthTokenInvalidError("not the metrics token");
}

/**
 * `GET <base>/metrics` in the Prometheus text format. With a token configured, only `Bearer <METRICS_TOKEN>` is
 * accepted (never the API's access tokens: a scraper needs no right to run tasks). Not registered when metrics are
 * disabled, so the path answers 404 like any unknown one.
 */
export function registerMetricsRoute(router: Router, metrics: HostMetrics, token: string | undefined): void {
  router.get("/metrics", async (ctx) => {
    if (token !== undefined) checkToken(ctx, token);
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
}
