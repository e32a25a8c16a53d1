import { HttpBadRequestError, type TaskTypeDefinition } from "@fdo/sdk";
import type { Context } from "koa";
import { HttpBodyKeyUnknownError, HttpQueryInvalidError } from "./input-errors.js";

/**
 * What a route accepts besides its path. Anything else is refused before the route does any work: a misspelt
 * option that is silently ignored means its default, and on these routes the default is the costly reading
 * (`{"taskname": "x"}` restarting every failed subtask, `?dryrun=true` running for real).
 */
export interface AcceptedInput {
  /** Query parameters by name, each with the exact values it accepts, or `"any"` for any single value. */
  readonly query?: Readonly<Record<string, readonly string[] | "any">>;
  /** Top-level keys of a JSON object body. Without any, only an empty body (none, `null`, `{}`, `[]`) passes. */
  readonly bodyKeys?: readonly string[];
}

/** A query parameter that is refused, and why. */
export interface QueryProblem {
  readonly parameter: string;
  readonly problem: "unknown" | "repeated" | "value not accepted";
}

/** `dryRun` takes exactly these: `TRUE` or `yes` must not be read as "run for real". */
export const DRY_RUN_VALUES: readonly string[] = ["true", "false", "1", "0"];

// Names and values come from the client: quoted (control characters visible) and cut short in messages.
const shown = (text: string): string => JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);

const squashed = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function withHint(name: string, accepted: readonly string[]): string {
  const meant = accepted.find((candidate) => squashed(candidate) === squashed(name));
  return meant === undefined ? shown(name) : `${shown(name)} (did you mean ${meant}?)`;
}

function queryProblems(query: Context["query"], accepted: NonNullable<AcceptedInput["query"]>): QueryProblem[] {
  const problems: QueryProblem[] = [];
  for (const [parameter, value] of Object.entries(query)) {
    const values = Object.hasOwn(accepted, parameter) ? accepted[parameter] : undefined;
    if (values === undefined) problems.push({ parameter, problem: "unknown" });
    else if (Array.isArray(value)) problems.push({ parameter, problem: "repeated" });
    else if (values !== "any" && !values.includes(value ?? "")) problems.push({ parameter, problem: "value not accepted" });
  }
  return problems;
}

function describeQueryProblem({ parameter, problem }: QueryProblem, query: Context["query"], accepted: NonNullable<AcceptedInput["query"]>): string {
  const names = Object.keys(accepted);
  if (problem === "unknown") return `unknown query parameter ${withHint(parameter, names)}`;
  if (problem === "repeated") return `query parameter ${shown(parameter)} is given more than once`;
  const values = accepted[parameter];
  return `${shown(parameter)} does not accept ${shown(String(query[parameter]))}${Array.isArray(values) ? `: use one of ${values.join(", ")}` : ""}`;
}

function bodyKeys(body: unknown): string[] {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) return [];
  if (typeof body !== "object" || Array.isArray(body)) throw new HttpBadRequestError("the request body must be a JSON object");
  return Object.keys(body);
}

/**
 * Refuses the request unless its query and body are exactly what `accepted` allows: an unknown, repeated or
 * wrongly valued query parameter is `FDO_ERR_HTTP_QUERY_INVALID`, an undeclared body key
 * `FDO_ERR_HTTP_BODY_KEY_UNKNOWN`, a body that is not a JSON object `FDO_ERR_HTTP_BAD_REQUEST`; each names what it
 * refuses. Call it before anything else the route does.
 */
export function checkInput(ctx: Context, accepted: AcceptedInput): void {
  const acceptedQuery = accepted.query ?? {};
  const problems = queryProblems(ctx.query, acceptedQuery);
  if (problems.length > 0) {
    const accepts = Object.keys(acceptedQuery);
    const message = `${problems.map((problem) => describeQueryProblem(problem, ctx.query, acceptedQuery)).join("; ")} (this route accepts ${accepts.length === 0 ? "no query parameters" : accepts.join(", ")})`;
    throw new HttpQueryInvalidError(message, { details: { problems, accepted: accepts } });
  }
  const allowed = accepted.bodyKeys ?? [];
  const unknown = bodyKeys(ctx.state["body"]).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const message = `unknown body key${unknown.length === 1 ? "" : "s"} ${unknown.map((key) => withHint(key, allowed)).join(", ")} (this route accepts ${allowed.length === 0 ? "no body keys" : allowed.join(", ")})`;
    throw new HttpBodyKeyUnknownError(message, { details: { keys: unknown, accepted: allowed } });
  }
}

/** `PATCH /api/tasks/<segment>`: `dryRun` and the body keys the task type declares. */
export function checkTaskRunInput(ctx: Context, taskType: Pick<TaskTypeDefinition, "bodyKeys">): void {
  checkInput(ctx, { query: { dryRun: DRY_RUN_VALUES }, bodyKeys: taskType.bodyKeys ?? [] });
}

/** `GET /api/tasks/<segment>`: paging only (the route checks the values). */
export function checkSubtaskListInput(ctx: Context): void {
  checkInput(ctx, { query: { limit: "any", offset: "any" } });
}

/** The host's maintenance routes: no query, and the body keys upstream defined for the route. */
export function checkMaintenanceInput(ctx: Context, bodyKeys: readonly string[] = []): void {
  checkInput(ctx, { bodyKeys });
}
