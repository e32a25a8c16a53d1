import type Router from "@koa/router";
import type { Context, Middleware } from "koa";
import { HttpBadRequestError, type Clock, type TaskRunResult, type TaskStore } from "@fdo/sdk";
import { TaskTypeUnknownError } from "../errors/registry.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import type { TaskTypeRegistry } from "../plugins/task-type-registry.js";
import { describeSubtask } from "../tasks/describe-subtask.js";
import { sendPhpPrettyJson } from "./php-json.js";
import { requestSignal } from "./request-signal.js";
import { checkSubtaskListInput, checkTaskRunInput } from "./strict-input.js";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

function taskType(registry: TaskTypeRegistry, segment: string | undefined): RegisteredTaskType {
  const found = segment === undefined ? undefined : registry.find(segment);
  if (found === undefined) throw new TaskTypeUnknownError(`no task type is served at /api/tasks/${segment ?? ""}`);
  return found;
}

function integerParam(ctx: Context, name: string, fallback: number, max: number): number {
  const raw = ctx.query[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(value) || value < 0 || value > max) throw new HttpBadRequestError(`${name} must be an integer between 0 and ${max}`);
  return value;
}

/**
 * Adds the run summary to the plugin's upstream-shaped body: as a `summary` key of an object body, as a last
 * element of an array body. "Nothing was due" is a 200 that says so (upstream answered 404, which cron could not
 * tell from a failure).
 */
function composeBody(segment: string, result: TaskRunResult): unknown {
  const { body, summary } = result;
  if (summary === undefined) return body;
  if (summary.eligible === 0 && (body === undefined || (typeof body === "object" && body !== null && Object.keys(body).length === 0))) {
    return { message: `Nothing to process for ${segment}: no subtask is due.`, summary };
  }
  if (Array.isArray(body)) return [...(body as unknown[]), { summary }];
  return typeof body === "object" && body !== null ? { ...(body as Record<string, unknown>), summary } : { result: body, summary };
}

/**
 * `PATCH <base>/api/tasks/<segment>` runs a plugin's task type (`?dryRun=true` for a plan without side effects);
 * `GET` lists that type's subtasks, paged with `?limit=&offset=`. Segments are looked up in the registry only.
 */
export interface TaskRouteDependencies {
  readonly registry: TaskTypeRegistry;
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly shutdown: AbortSignal;
}

export function registerTaskRoutes(router: Router, deps: TaskRouteDependencies, requireAuth: Middleware): void {
  const { registry, store, clock, shutdown } = deps;
  router.patch("/api/tasks/:segment", requireAuth, async (ctx) => {
    const entry = taskType(registry, ctx.params["segment"]);
    checkTaskRunInput(ctx, entry.definition);
    const dryRun = ctx.query["dryRun"] === "true" || ctx.query["dryRun"] === "1";
    const result = await entry.executor.run({
      segment: entry.definition.segment,
      granularTypes: entry.definition.granularTypes,
      dryRun,
      body: ctx.state["body"],
      signal: requestSignal(ctx, shutdown),
      requestId: ctx.state["requestId"] as string,
    });
    sendPhpPrettyJson(ctx, composeBody(entry.definition.segment, result));
  });

  router.get("/api/tasks/:segment", requireAuth, async (ctx) => {
    const entry = taskType(registry, ctx.params["segment"]);
    checkSubtaskListInput(ctx);
    const limit = integerParam(ctx, "limit", DEFAULT_PAGE, MAX_PAGE);
    const offset = integerParam(ctx, "offset", 0, Number.MAX_SAFE_INTEGER);
    const now = clock.now();
    const subtasks: unknown[] = [];
    let total = 0;
    for await (const subtask of store.listSubtasks(entry.definition.granularTypes)) {
      if (total >= offset && subtasks.length < limit) subtasks.push(describeSubtask(subtask, now));
      total += 1;
    }
    ctx.body = { segment: entry.definition.segment, granularTypes: entry.definition.granularTypes, total, offset, limit, subtasks };
  });
}
