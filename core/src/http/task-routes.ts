import { type Clock, HttpBadRequestError, type TaskStore } from "@fdo/sdk";
import type Router from "@koa/router";
import type { Context, Middleware } from "koa";
import { TaskTypeUnknownError } from "../errors/registry.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import type { TaskTypeRegistry } from "../plugins/task-type-registry.js";
import type { TaskRuns } from "../runs/task-runs.js";
import { describeSubtask } from "../tasks/describe-subtask.js";
import { clientView } from "./error-handler.js";
import { sendPhpPrettyJson } from "./php-json.js";
import { abortedRunError } from "./presenters/aborted-run.js";
import { runBody } from "./presenters/run-body.js";
import { StreamedRunBody } from "./presenters/streamed-run-body.js";
import { requestSignal } from "./request-signal.js";
import { checkSubtaskListInput, checkTaskRunInput } from "./strict-input.js";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

function taskType(registry: TaskTypeRegistry, segment: string | undefined): RegisteredTaskType {
  const found = segment === undefined ? undefined : registry.find(segment);
  if (found === undefined) throw new TaskTypeUnknownError(`no task type is served at /api/tasks/${segment ?? ""}`);
  return found;
}

/** A non-negative integer query parameter up to `max` (400 otherwise), `fallback` when absent. */
export function integerParam(ctx: Context, name: string, fallback: number, max: number): number {
  const raw = ctx.query[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(value) || value < 0 || value > max) throw new HttpBadRequestError(`${name} must be an integer between 0 and ${max}`);
  return value;
}

/**
 * `PATCH <base>/api/tasks/<segment>` runs a plugin's task type (`?dryRun=true` for a plan without side effects);
 * `GET` lists that type's subtasks, paged with `?limit=&offset=`. Segments are looked up in the registry only.
 */
export interface TaskRouteDependencies {
  readonly registry: TaskTypeRegistry;
  /** Runs a task type and records it (history, metrics), as the scheduler does. */
  readonly runs: TaskRuns;
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly shutdown: AbortSignal;
}

export function registerTaskRoutes(router: Router, deps: TaskRouteDependencies, requireAuth: Middleware): void {
  const { registry, runs, store, clock, shutdown } = deps;
  router.patch("/api/tasks/:segment", requireAuth, async (ctx) => {
    const entry = taskType(registry, ctx.params["segment"]);
    checkTaskRunInput(ctx, entry.definition);
    const { segment } = entry.definition;
    const dryRun = ctx.query["dryRun"] === "true" || ctx.query["dryRun"] === "1";
    const context = { segment, dryRun };
    const streamed = new StreamedRunBody(ctx.res, entry.definition.present, context);
    try {
      const report = await runs.run(entry, {
        trigger: "api",
        dryRun,
        body: ctx.state["body"],
        signal: requestSignal(ctx, shutdown),
        requestId: ctx.state["requestId"] as string,
        onResult: streamed.result,
      });
      const aborted = report.aborted === undefined ? undefined : abortedRunError(segment, report.aborted, report.summary);
      if (aborted !== undefined && !streamed.sent) throw aborted;
      if (!streamed.started) return sendPhpPrettyJson(ctx, runBody(entry.definition, report, context));
      await streamed.finish(report.summary, aborted === undefined ? undefined : clientView(aborted));
    } catch (error) {
      // Past the status line, a failure can only cut the answer short (the error handler still logs it).
      if (streamed.sent) ctx.res.destroy();
      throw error;
    } finally {
      if (streamed.sent) ctx.respond = false;
    }
  });

  router.get("/api/tasks/:segment", requireAuth, async (ctx) => {
    const entry = taskType(registry, ctx.params["segment"]);
    checkSubtaskListInput(ctx);
    const limit = integerParam(ctx, "limit", DEFAULT_PAGE, MAX_PAGE);
    const offset = integerParam(ctx, "offset", 0, Number.MAX_SAFE_INTEGER);
    const now = clock.now();
    const subtasks: unknown[] = [];
    let total = 0;
    const granularTypes = entry.definition.granularTypes ?? [];
    for await (const subtask of store.listSubtasks(granularTypes)) {
      if (total >= offset && subtasks.length < limit) subtasks.push(describeSubtask(subtask, now));
      total += 1;
    }
    ctx.body = { segment: entry.definition.segment, granularTypes, total, offset, limit, subtasks };
  });
}
