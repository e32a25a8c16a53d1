import type { RunSummary } from "@fdo/sdk";
import { type ApiAnswer, type ApiRequest, errorOf } from "./api-client.js";
import type { CallOutcome } from "./exit-codes.js";
import type { Action } from "./parse-args.js";
import { runsOf, runsTable } from "./runs-table.js";

/** Everything reported about one call, whatever the output format. */
export interface CallReport {
  readonly option: string;
  readonly method: string;
  /** Path and query under the base URL. */
  readonly path: string;
  readonly dryRun: boolean;
  /** `null` when no HTTP answer came (transport error). */
  readonly status: number | null;
  readonly outcome: CallOutcome;
  readonly durationMs: number;
  /** One line for humans (several for the task list). */
  readonly text: string;
  readonly summary?: RunSummary;
  /** `--tasks`: the main tasks' names. */
  readonly tasks?: readonly string[];
  readonly body?: unknown;
  readonly error?: { readonly code?: string; readonly message: string };
  readonly renewedBy?: "refresh" | "login";
}

/** The HTTP request an action makes. */
export function requestOf(action: Action, dryRun: boolean): ApiRequest {
  if (action.kind === "list") return { method: "GET", path: "/api/tasks/" };
  if (action.kind === "runs") return { method: "GET", path: `/api/runs?limit=100${action.segment === "" ? "" : `&segment=${encodeURIComponent(action.segment)}`}` };
  const query = dryRun ? "?dryRun=true" : "";
  return { method: "PATCH", path: `/api/tasks/${encodeURIComponent(action.segment)}${query}`, ...(action.body === undefined ? {} : { body: action.body }) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function isSummary(value: unknown): value is RunSummary {
  return isRecord(value) && ["eligible", "processed", "succeeded", "skipped", "failed"].every((key) => typeof value[key] === "number");
}

/** `summary` of an object body, or the `{summary}` last element of an array body (how the server adds it). */
export function summaryOf(body: unknown): RunSummary | undefined {
  if (isRecord(body) && isSummary(body["summary"])) return body["summary"];
  if (Array.isArray(body)) {
    const last: unknown = body[body.length - 1];
    if (isRecord(last) && isSummary(last["summary"])) return last["summary"];
  }
  return undefined;
}

/**
 * Unique main-task names from the listing: PHP's `ldap_get_entries` shape (`{"count":N,"0":{"cn":{"count":1,"0":
 * "name"},...}}`), `[]`, or a plain array of entries with `cn` lists.
 */
export function taskNamesOf(body: unknown): string[] {
  const entries: unknown[] = Array.isArray(body)
    ? body
    : isRecord(body)
      ? Object.entries(body)
          .filter(([key]) => key !== "count")
          .map(([, value]) => value)
      : [];
  const names = new Set<string>();
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const cn = entry["cn"];
    const first: unknown = Array.isArray(cn) ? cn[0] : isRecord(cn) ? cn["0"] : cn;
    if (typeof first === "string" && first !== "") names.add(first);
  }
  return [...names];
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const SENT = new Set(["mail", "notifications", "reminder"]);

function verbs(segment: string): { done: string; would: string } {
  if (SENT.has(segment)) return { done: "sent", would: "would be sent" };
  if (segment === "lifeCycle") return { done: "changed", would: "would be changed" };
  return { done: "succeeded", would: "would succeed" };
}

function summaryLine(label: string, segment: string, summary: RunSummary, dryRun: boolean): string {
  const verb = verbs(segment);
  const warnings = summary.warnings === undefined || summary.warnings === 0 ? "" : ` (${summary.warnings} with warnings)`;
  const unknown = summary.unknown ?? 0;
  const counts = `${summary.succeeded} ${dryRun ? verb.would : verb.done}${warnings}, ${summary.skipped} skipped, ${summary.failed} failed${unknown > 0 ? `, ${unknown} delivery unknown` : ""}`;
  return `${label}${dryRun ? " (dry run)" : ""}: ${counts} (${summary.eligible} due, ${summary.processed} processed, ${formatDuration(summary.durationMs)})`;
}

/** `restartFailedTasks`: how many subtasks of unknown delivery the server left alone and why, after `separator`. */
function skippedUnknownNote(body: Record<string, unknown>, separator: string): string {
  const skipped = body["skippedUnknown"];
  if (!isRecord(skipped) || !Array.isArray(skipped["subtasks"]) || skipped["subtasks"].length === 0) return "";
  const reason = typeof skipped["reason"] === "string" ? skipped["reason"] : "delivery unknown";
  return `${separator}${skipped["subtasks"].length} skipped (${reason})`;
}

/** Results of the maintenance endpoints and of upstream-era plugins, which carry no summary. */
function describeWithoutSummary(segment: string, body: unknown): { text: string; failed: boolean } | undefined {
  if (typeof body === "string") return { text: body, failed: false };
  if (Array.isArray(body) && body.every((item) => typeof item === "string")) return { text: body.join(" "), failed: false };
  if (!isRecord(body)) return undefined;
  if (typeof body["antiSpam"] === "string") return { text: body["antiSpam"], failed: false };
  const errors = body["errors"];
  if (Array.isArray(body["updated"]) || Array.isArray(errors)) {
    const updated = Array.isArray(body["updated"]) ? body["updated"].length : 0;
    const errorCount = Array.isArray(errors) ? errors.length : 0;
    const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
    const detail = typeof first === "string" ? `: ${first}` : "";
    return { text: `${updated} restarted, ${errorCount} error(s)${detail}${skippedUnknownNote(body, "; ")}`, failed: errorCount > 0 };
  }
  if (typeof body["message"] === "string") return { text: `${body["message"]}${skippedUnknownNote(body, " ")}`, failed: false };
  const results = Object.values(body).filter(isRecord);
  if (results.length === 0) return undefined;
  if (segment.toLowerCase() === "removesubtasks") {
    const removed = results.filter((result) => result["result"] === true).length;
    return { text: `${removed} subtask(s) removed, ${results.length - removed} failed`, failed: removed < results.length };
  }
  if (segment.toLowerCase() === "activatecyclictasks") {
    const activated = results.filter((result) => result["result"] !== undefined && result["error"] === undefined).length;
    const failed = results.filter((result) => result["error"] !== undefined || result["Error"] !== undefined).length;
    return { text: `${activated} task(s) activated, ${results.length - activated - failed} not due, ${failed} failed`, failed: failed > 0 };
  }
  // Upstream-era per-subtask results: {"<dn>": {"Error": [...]}} marks a failure.
  const failed = results.filter((result) => result["Error"] !== undefined || result["error"] !== undefined).length;
  return { text: `${results.length} result(s), ${failed} failed`, failed: failed > 0 };
}

/** Upstream plugins answered 404 "Task object type : <type> not found" when nothing was due. */
function isUpstreamNothingDue(status: number, body: unknown): boolean {
  const { code, message } = errorOf(body);
  return status === 404 && code === undefined && message?.startsWith("Task object type") === true;
}

/**
 * Turns an HTTP answer into a report; the outcome decides the exit code. Successful reports' text starts with the
 * task type; failures' text does not (they are printed after the option).
 */
export function reportAnswer(action: Action, request: ApiRequest, answer: ApiAnswer, dryRun: boolean): CallReport {
  const label = action.kind === "run" ? action.segment : action.kind === "list" ? "tasks" : "runs";
  const base = {
    option: action.option,
    method: request.method,
    path: request.path,
    dryRun: dryRun && action.kind === "run",
    status: answer.status,
    durationMs: answer.durationMs,
    body: answer.body,
    ...(answer.renewedBy === undefined ? {} : { renewedBy: answer.renewedBy }),
  };
  if (answer.status < 200 || answer.status >= 300) {
    if (isUpstreamNothingDue(answer.status, answer.body)) {
      return { ...base, outcome: "ok", text: `${label}: nothing to process (${errorOf(answer.body).message ?? ""})` };
    }
    const { code, message } = errorOf(answer.body);
    const detail = message ?? (answer.text.trim() === "" ? "no details" : answer.text.replace(/\s+/g, " ").trim().slice(0, 200));
    const outcome: CallOutcome = answer.status === 401 || answer.status === 403 ? "auth" : "server";
    return {
      ...base,
      outcome,
      text: `failed with HTTP ${answer.status}${code === undefined ? "" : ` ${code}`}: ${detail}`,
      error: { ...(code === undefined ? {} : { code }), message: detail },
    };
  }
  if (action.kind === "runs") return { ...base, outcome: "ok", text: runsTable(runsOf(answer.body)) };
  if (action.kind === "list") {
    const tasks = taskNamesOf(answer.body);
    return { ...base, outcome: "ok", tasks, text: tasks.length === 0 ? "No tasks available." : tasks.join("\n") };
  }
  const summary = summaryOf(answer.body);
  const stopped = isRecord(answer.body) ? answer.body["error"] : undefined;
  if (summary !== undefined && isRecord(stopped) && typeof stopped["code"] === "string") {
    // A streamed answer whose run stopped after its status went out: a failure like the 503 it would have been.
    const message = typeof stopped["message"] === "string" ? stopped["message"] : "no details";
    const text = `stopped part-way (HTTP ${answer.status} ${stopped["code"]}: ${message}); ${summaryLine(label, action.segment, summary, base.dryRun)}`;
    return { ...base, outcome: "server", summary, text, error: { code: stopped["code"], message } };
  }
  if (summary !== undefined) {
    const message = isRecord(answer.body) ? answer.body["message"] : undefined;
    const text = summary.eligible === 0 && typeof message === "string" ? message : summaryLine(label, action.segment, summary, base.dryRun);
    return { ...base, outcome: summary.failed > 0 || (summary.unknown ?? 0) > 0 ? "partial" : "ok", summary, text };
  }
  const described = describeWithoutSummary(action.segment, answer.body);
  if (described === undefined) return { ...base, outcome: "ok", text: `${label}: done (HTTP ${answer.status})` };
  return { ...base, outcome: described.failed ? "partial" : "ok", text: `${label}: ${described.text}` };
}

/** A call that got no HTTP answer, or whose login was refused. */
export function reportFailure(
  action: Action,
  request: ApiRequest,
  dryRun: boolean,
  outcome: CallOutcome,
  error: Error & { code?: unknown },
  durationMs: number,
  status: number | null = null,
): CallReport {
  const code = typeof error.code === "string" ? error.code : undefined;
  return {
    option: action.option,
    method: request.method,
    path: request.path,
    dryRun: dryRun && action.kind === "run",
    status,
    outcome,
    durationMs,
    text: error.message,
    error: { ...(code === undefined ? {} : { code }), message: error.message },
  };
}
