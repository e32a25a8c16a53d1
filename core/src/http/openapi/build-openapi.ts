import type { LoadedPlugin } from "../../plugins/loaded-plugin.js";
import type { TaskTypeRegistry } from "../../plugins/task-type-registry.js";
import { coreOperations, coreSchemas, type Operation } from "./core-operations.js";

const json = (schema: unknown) => ({ content: { "application/json": { schema } } });

/** `/users/:uid` (router syntax) → `/users/{uid}` (OpenAPI syntax). */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}").replace(/\*([A-Za-z0-9_]+)/g, "{$1}");
}

function pathParameters(path: string): unknown[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => ({ name: match[1], in: "path", required: true, schema: { type: "string" } }));
}

/** The optional PATCH body a task type reads: an object of the declared keys, nothing else (strict input). */
function bodyOf(bodyKeys: readonly string[] | undefined): Pick<Operation, "body"> {
  if (bodyKeys === undefined || bodyKeys.length === 0) return {};
  return { body: { type: "object", additionalProperties: false, properties: Object.fromEntries(bodyKeys.map((key) => [key, { type: "string" }])) } };
}

function taskTypeOperations(registry: TaskTypeRegistry): Operation[] {
  return registry.list().flatMap(({ pluginId, definition }) => {
    const types = definition.granularTypes ?? [];
    const handled = types.length === 0 ? "no FusionDirectory subtasks" : `fdTasksGranularType: ${types.join(", ")}`;
    const about = `${definition.description ?? `Task type served by the ${pluginId} plugin`} (${handled}).`;
    return [
      {
        method: "patch",
        path: `/api/tasks/${definition.segment}`,
        tag: pluginId,
        summary: `Run ${definition.segment}`,
        description: about,
        auth: true,
        query: ["dryRun"],
        ...bodyOf(definition.bodyKeys),
        response: "run",
      },
      {
        method: "get",
        path: `/api/tasks/${definition.segment}`,
        tag: pluginId,
        summary: `List ${definition.segment} subtasks`,
        description: about,
        auth: true,
        query: ["limit", "offset"],
        response: "subtasks",
      },
    ];
  });
}

function pluginRouteOperations(plugins: readonly LoadedPlugin[]): Operation[] {
  return plugins.flatMap((plugin) =>
    (plugin.definition.routes ?? []).map((route) => ({
      method: route.method.toLowerCase(),
      path: openApiPath(`/api/plugins/${plugin.id}${route.path}`),
      tag: plugin.id,
      summary: route.description ?? `${route.method} ${route.path}`,
      description: `Route of the ${plugin.id} plugin.`,
      auth: route.auth !== "public",
      response: "any",
    })),
  );
}

const RESPONSES: Record<string, unknown> = {
  run: json({ $ref: "#/components/schemas/RunResult" }),
  subtasks: json({ $ref: "#/components/schemas/SubtaskList" }),
  pair: json({ $ref: "#/components/schemas/TokenPair" }),
  any: json({}),
};

const QUERY: Record<string, unknown> = {
  dryRun: { name: "dryRun", in: "query", description: "true: plan only, nothing is changed or sent", schema: { type: "boolean" } },
  limit: { name: "limit", in: "query", schema: { type: "integer", minimum: 0, maximum: 1000, default: 100 } },
  offset: { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
  segment: { name: "segment", in: "query", description: "only the runs of this task type", schema: { type: "string" } },
};

function toOperationObject(operation: Operation): Record<string, unknown> {
  const errors = { "4XX": { description: "client error", ...json({ $ref: "#/components/schemas/Error" }) }, "5XX": { description: "server error", ...json({ $ref: "#/components/schemas/Error" }) } };
  return {
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    ...(operation.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: [...pathParameters(operation.path), ...(operation.query ?? []).map((name) => QUERY[name])],
    ...(operation.body === undefined ? {} : { requestBody: { required: operation.response !== "run", ...json(operation.body) } }),
    responses: { "200": { description: "success", ...(RESPONSES[operation.response] as object) }, ...errors },
  };
}

/**
 * The OpenAPI 3.1 document of this host as configured: its own routes, every task type the loaded plugins serve,
 * and the plugins' extra routes. Built once at start-up from the same registry the router uses.
 */
export function buildOpenApi(options: { version: string; basePath: string; registry: TaskTypeRegistry; plugins: readonly LoadedPlugin[] }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of [...coreOperations, ...taskTypeOperations(options.registry), ...pluginRouteOperations(options.plugins)]) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: toOperationObject(operation) };
  }
  return {
    openapi: "3.1.0",
    info: { title: "FusionDirectory Orchestrator", version: options.version, description: "Executes FusionDirectory tasks; wire-compatible with the PHP orchestrator." },
    servers: [{ url: options.basePath === "" ? "/" : options.basePath }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: coreSchemas,
    },
  };
}
