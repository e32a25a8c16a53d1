import { HttpBadRequestError } from "@fdo/sdk";
import type Router from "@koa/router";
import type { Middleware } from "koa";
import { activateCyclicTasks } from "../tasks/maintenance/activate-cyclic-tasks.js";
import { directoryGeneration } from "../tasks/maintenance/directory-generation.js";
import type { MaintenanceDeps } from "../tasks/maintenance/maintenance-deps.js";
import { removeSubTasks } from "../tasks/maintenance/remove-subtasks.js";
import { type RestartRequest, restartFailedTasks } from "../tasks/maintenance/restart-failed-tasks.js";
import { sendPhpPrettyJson } from "./php-json.js";
import { activationsBody, removalsBody, restartBody } from "./presenters/maintenance.js";
import { checkMaintenanceInput } from "./strict-input.js";

/**
 * The optional `{"taskName": "<main task cn>", "includeUnknown": true}` body. Anything else that is present is
 * refused rather than ignored: a malformed body silently meaning "restart every failed subtask" would be the costly
 * reading.
 */
function restartRequestOf(body: unknown): RestartRequest {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw new HttpBadRequestError('body must be a JSON object such as {"taskName": "<main task cn>"}');
  const { taskName, includeUnknown } = body as Record<string, unknown>;
  if (taskName !== undefined && taskName !== null && (typeof taskName !== "string" || taskName.trim() === "")) throw new HttpBadRequestError("taskName must be a non-empty string");
  if (includeUnknown !== undefined && typeof includeUnknown !== "boolean") throw new HttpBadRequestError("includeUnknown must be true or false");
  return { ...(typeof taskName === "string" ? { taskName } : {}), ...(includeUnknown === undefined ? {} : { includeUnknown }) };
}

/**
 * Upstream's maintenance endpoints, served by the host itself: `PATCH <base>/api/tasks/removeSubTasks`,
 * `/activateCyclicTasks` and `/restartFailedTasks`, behind the bearer guard. The router matches paths
 * case-insensitively (as upstream's class lookup did), so `/api/tasks/removesubtasks` works too. Register these
 * before any `/api/tasks/:segment` route: the first matching route answers.
 */
export function registerMaintenanceRoutes(router: Router, deps: MaintenanceDeps, requireAuth: Middleware): void {
  router.patch("/api/tasks/removeSubTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx);
    const removals = await removeSubTasks(deps);
    // Only the "nothing removed" text differs between generations, and only then is there no subtask to tell by.
    sendPhpPrettyJson(ctx, removalsBody(removals, removals.size === 0 ? await directoryGeneration(deps) : "1.6"));
  });
  router.patch("/api/tasks/activateCyclicTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx);
    sendPhpPrettyJson(ctx, activationsBody(await activateCyclicTasks(deps)));
  });
  router.patch("/api/tasks/restartFailedTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx, ["taskName", "includeUnknown"]);
    sendPhpPrettyJson(ctx, restartBody(await restartFailedTasks(deps, restartRequestOf(ctx.state["body"]))));
  });
}
