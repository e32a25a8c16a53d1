import type Router from "@koa/router";
import type { Middleware } from "koa";
import { RunNotFoundError } from "../errors/registry.js";
import { checkInput } from "../http/strict-input.js";
import { integerParam } from "../http/task-routes.js";
import type { RunHistory } from "./run-history.js";

const DEFAULT_PAGE = 50;

/**
 * `GET <base>/api/runs?segment=&limit=&offset=`: this instance's run history, newest first; `GET <base>/api/runs/<id>`:
 * one run with its per-subtask results (bounded, see `resultsLimit`). Both behind the bearer guard.
 */
export function registerRunsRoutes(router: Router, history: RunHistory, capacity: number, requireAuth: Middleware): void {
  router.get("/api/runs", requireAuth, (ctx) => {
    checkInput(ctx, { query: { segment: "any", limit: "any", offset: "any" } });
    const raw = ctx.query["segment"];
    const segment = typeof raw === "string" && raw !== "" ? raw : undefined;
    const limit = integerParam(ctx, "limit", DEFAULT_PAGE, capacity);
    const offset = integerParam(ctx, "offset", 0, capacity);
    const page = history.list({ ...(segment === undefined ? {} : { segment }), limit, offset });
    ctx.body = { total: page.total, offset, limit, runs: page.runs };
  });
  router.get("/api/runs/:id", requireAuth, (ctx) => {
    checkInput(ctx, {});
    const id = ctx.params["id"] ?? "";
    const run = history.get(id);
    if (run === undefined) throw new RunNotFoundError("no run of that id in this instance's history");
    ctx.body = run;
  });
}
