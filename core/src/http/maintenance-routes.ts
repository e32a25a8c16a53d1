import { HttpBadRequestError, type TaskRunReport } from "@fdo/sdk";
import type Router from "@koa/router";
import type { Context, Middleware } from "koa";
import type { TaskRuns } from "../runs/task-runs.js";
import { maintenanceTaskType } from "../scheduler/maintenance-task-types.js";
import { activateCyclicTasks } from "../tasks/maintenance/activate-cyclic-tasks.js";
import { directoryGeneration } from "../tasks/maintenance/directory-generation.js";
import type { MaintenanceDeps } from "../tasks/maintenance/maintenance-deps.js";
import { activationsReport, removalsReport, restartReport } from "../tasks/maintenance/maintenance-reports.js";
import { removeSubTasks } from "../tasks/maintenance/remove-subtasks.js";
import { type RestartRequest, restartFailedTasks } from "../tasks/maintenance/restart-failed-tasks.js";
import { sendPhpPrettyJson } from "./php-json.js";
import { activationsBody, removalsBody, restartBody } from "./presenters/maintenance.js";
import { requestSignal } from "./request-signal.js";
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

/** Where API-called maintenance runs are recorded, like the scheduled ones. */
export interface MaintenanceRecording {
  readonly runs: TaskRuns;
  /** Aborted when the host begins shutting down. */
  readonly shutdown: AbortSignal;
}

/** Runs a pass through the run history (trigger `api`) and resolves with what it answered (upstream's body is built from it). */
async function recorded<R>(ctx: Context, recording: MaintenanceRecording, segment: string, pass: () => Promise<R>, reportOf: (answer: R, durationMs: number) => TaskRunReport): Promise<R> {
  let answer: { readonly value: R } | undefined;
  const answering = async (): Promise<R> => {
    const value = await pass();
    answer = { value };
    return value;
  };
  const entry = maintenanceTaskType(segment, answering, reportOf);
  await recording.runs.run(entry, { trigger: "api", dryRun: false, body: ctx.state["body"], signal: requestSignal(ctx, recording.shutdown), requestId: ctx.state["requestId"] as string });
  if (answer === undefined) throw new Error(`the ${segment} pass answered nothing`);
  return answer.value;
}

/**
 * Upstream's maintenance endpoints, served by the host itself: `PATCH <base>/api/tasks/removeSubTasks`,
 * `/activateCyclicTasks` and `/restartFailedTasks`, behind the bearer guard. The router matches paths
 * case-insensitively (as upstream's class lookup did), so `/api/tasks/removesubtasks` works too. Register these
 * before any `/api/tasks/:segment` route: the first matching route answers.
 */
export function registerMaintenanceRoutes(router: Router, deps: MaintenanceDeps, recording: MaintenanceRecording, requireAuth: Middleware): void {
  router.patch("/api/tasks/removeSubTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx);
    // Only the "nothing removed" text differs between generations, and only then is there no subtask to tell by.
    const pass = async () => {
      const removals = await removeSubTasks(deps);
      return { removals, generation: removals.size === 0 ? await directoryGeneration(deps) : undefined };
    };
    const { removals, generation } = await recorded(ctx, recording, "removesubtasks", pass, (answer, durationMs) => removalsReport(answer.removals, durationMs));
    sendPhpPrettyJson(ctx, removalsBody(removals, generation));
  });
  router.patch("/api/tasks/activateCyclicTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx);
    sendPhpPrettyJson(ctx, activationsBody(await recorded(ctx, recording, "activatecyclictasks", () => activateCyclicTasks(deps), activationsReport)));
  });
  router.patch("/api/tasks/restartFailedTasks", requireAuth, async (ctx) => {
    checkMaintenanceInput(ctx, ["taskName", "includeUnknown"]);
    const request = restartRequestOf(ctx.state["body"]);
    sendPhpPrettyJson(ctx, restartBody(await recorded(ctx, recording, "restartfailedtasks", () => restartFailedTasks(deps, request), restartReport)));
  });
}
