import { errorSchema, loginBodySchema, refreshBodySchema, runResultSchema, subtaskListSchema, summarySchema, tokenPairSchema } from "./schemas.js";

/** One documented operation. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string;
  readonly auth: boolean;
  readonly query?: readonly string[];
  readonly body?: unknown;
  /** Key of the success response shape. */
  readonly response: "run" | "subtasks" | "pair" | "any";
}

const maintenance = (segment: string, summary: string, description: string, body?: unknown): Operation => ({
  method: "patch",
  path: `/api/tasks/${segment}`,
  tag: "maintenance",
  summary,
  description,
  auth: true,
  ...(body === undefined ? {} : { body }),
  response: "any",
});

/** Named schemas the operations refer to. */
export const coreSchemas: Readonly<Record<string, unknown>> = {
  Error: errorSchema,
  TokenPair: tokenPairSchema,
  RunSummary: summarySchema,
  RunResult: runResultSchema,
  SubtaskList: subtaskListSchema,
};

/** The host's own routes. */
export const coreOperations: readonly Operation[] = [
  {
    method: "post",
    path: "/api/login",
    tag: "auth",
    summary: "Log in",
    description: "DSA account login; answers a token pair (also accepts the JSON posted as form fields).",
    auth: false,
    body: loginBodySchema,
    response: "pair",
  },
  {
    method: "post",
    path: "/api/refresh",
    tag: "auth",
    summary: "Refresh",
    description: "Rotates a refresh token; a rotated token presented again revokes its family.",
    auth: false,
    body: refreshBodySchema,
    response: "pair",
  },
  { method: "post", path: "/api/logout", tag: "auth", summary: "Log out", description: "Revokes the refresh token's family.", auth: false, body: refreshBodySchema, response: "any" },
  {
    method: "get",
    path: "/api/tasks/",
    tag: "tasks",
    summary: "List main tasks",
    description: "Every fdTasks entry (cn, objectClass) in PHP ldap_get_entries shape; [] when none.",
    auth: true,
    response: "any",
  },
  maintenance("removeSubTasks", "Remove finished subtasks", "Deletes subtasks at status 2 or 3."),
  maintenance("activateCyclicTasks", "Activate cyclic tasks", "Asks FusionDirectory to re-activate repeatable tasks whose period has elapsed."),
  maintenance(
    "restartFailedTasks",
    "Restart failed subtasks",
    "Sets failed subtasks (optionally of one main task) back to 1. Subtasks of unknown delivery (status `delivery unknown: ...`) are left alone and listed in `skippedUnknown`, unless `includeUnknown` is true.",
    {
      type: "object",
      additionalProperties: false,
      properties: {
        taskName: { type: "string", description: "cn of the main task whose subtasks are restarted" },
        includeUnknown: { type: "boolean", default: false, description: "also restart subtasks whose mail may have been delivered (they may be sent twice)" },
      },
    },
  ),
  {
    method: "get",
    path: "/api/runs",
    tag: "runs",
    summary: "Run history",
    description: "This instance's last RUNS_HISTORY runs (API and scheduled), newest first, optionally of one segment.",
    auth: true,
    query: ["segment", "limit", "offset"],
    response: "any",
  },
  {
    method: "get",
    path: "/api/runs/{id}",
    tag: "runs",
    summary: "One run",
    description: "A run with its per-subtask results (at most resultsLimit of them); 404 FDO_ERR_RUN_NOT_FOUND when not in this instance's history.",
    auth: true,
    response: "any",
  },
  { method: "get", path: "/api/openapi.json", tag: "meta", summary: "This document", description: "OpenAPI 3.1 description of this host with its loaded plugins.", auth: false, response: "any" },
  { method: "get", path: "/health/live", tag: "meta", summary: "Liveness", description: "The process answers.", auth: false, response: "any" },
  { method: "get", path: "/health/ready", tag: "meta", summary: "Readiness", description: "LDAP answers and the service bind holds (503 otherwise).", auth: false, response: "any" },
];
