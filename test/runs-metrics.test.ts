import test from "ava";
import { startProbeHost } from "./support/probe-host.js";

const METRICS_TOKEN = "metrics-scrape-token-for-tests";

/** The value of one sample line of the exposition, `undefined` when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("runs are recorded, newest first, with their per-subtask results; an unknown id is 404", async (t) => {
  const host = await startProbeHost([{ cn: "p-ok" }, { cn: "p-fail", action: "fail:broken" }]);
  t.teardown(() => host.stop());
  t.is((await host.request("PATCH", "/api/tasks/probe?dryRun=true")).status, 200);
  t.is((await host.request("PATCH", "/api/tasks/probe")).status, 200);
  const listed = await host.request("GET", "/api/runs?segment=probe");
  t.is(listed.status, 200);
  const page = listed.body as { total: number; runs: Array<{ id: string; trigger: string; dryRun: boolean; outcome: string; summary: { failed: number; succeeded: number }; results?: unknown }> };
  t.is(page.total, 2);
  const [newest, oldest] = page.runs;
  t.like(newest, { trigger: "api", dryRun: false, outcome: "partial", summary: { failed: 1, succeeded: 1 } });
  t.like(oldest, { dryRun: true });
  t.is(newest?.results, undefined, "listings leave the per-subtask results out");

  const detail = await host.request("GET", `/api/runs/${newest?.id ?? ""}`);
  t.is(detail.status, 200);
  const run = detail.body as { results: Array<{ subtask: string; outcome: string; text?: string }>; resultsTotal: number; resultsLimit: number };
  t.is(run.resultsTotal, 2);
  t.true(run.resultsLimit > 0);
  t.deepEqual(run.results.map((result) => [result.outcome, result.text]).sort(), [
    ["done", undefined],
    ["failed", "broken"],
  ]);
  t.true(host.logs().some((line) => line["msg"] === "run.finished" && line["id"] === newest?.id && line["outcome"] === "partial"));

  const missing = await host.request("GET", "/api/runs/no-such-run");
  t.is(missing.status, 404);
  t.is((missing.body as { code: string }).code, "FDO_ERR_RUN_NOT_FOUND");
  t.is((await host.request("GET", "/api/runs", { auth: false })).status, 401);
  t.is((await host.request("GET", "/api/runs?bogus=1")).status, 400);
});

test("metrics: counters move after a run; the scrape token is required and access tokens are refused", async (t) => {
  const host = await startProbeHost([{ cn: "m-ok" }, { cn: "m-fail", action: "fail:broken" }], { METRICS_ENABLED: "TRUE", METRICS_TOKEN });
  t.teardown(() => host.stop());
  const scrape = async (): Promise<string> => {
    const response = await host.request("GET", "/metrics", { auth: METRICS_TOKEN });
    t.is(response.status, 200);
    return response.body as string;
  };
  const before = await scrape();
  t.is(sample(before, 'fdo_task_runs_total{segment="probe",trigger="api",outcome="partial"}'), undefined);
  t.is(sample(before, "fdo_plugins_loaded"), 1);
  t.is((await host.request("PATCH", "/api/tasks/probe")).status, 200);
  const after = await scrape();
  t.is(sample(after, 'fdo_task_runs_total{segment="probe",trigger="api",outcome="partial"}'), 1);
  t.is(sample(after, 'fdo_subtasks_total{segment="probe",outcome="failed"}'), 1);
  t.is(sample(after, 'fdo_subtasks_total{segment="probe",outcome="done"}'), 1);
  t.is(sample(after, 'fdo_task_run_duration_seconds_count{segment="probe"}'), 1);
  t.is(sample(after, 'fdo_plugin_probe_runs_total{dry_run="false"}'), 1);
  t.is(sample(after, 'fdo_http_requests_total{method="PATCH",route="/api/tasks/:segment",status="200"}'), 1);
  t.true((sample(after, 'fdo_ldap_operation_duration_seconds_count{operation="search"}') ?? 0) > 0);
  t.true(after.includes("process_cpu_user_seconds_total"), "default process metrics");

  const missing = await host.request("GET", "/metrics", { auth: false });
  t.is(missing.status, 401);
  t.is((missing.body as { code: string }).code, "FDO_ERR_AUTH_TOKEN_MISSING");
  const jwt = await host.request("GET", "/metrics");
  t.is(jwt.status, 401, "an API access token is not the metrics token");
  t.is((jwt.body as { code: string }).code, "FDO_ERR_AUTH_TOKEN_INVALID");
});

test("logins are counted by outcome", async (t) => {
  const host = await startProbeHost([], { METRICS_ENABLED: "TRUE" });
  t.teardown(() => host.stop());
  t.is((await host.request("POST", "/api/login", { auth: false, body: { username: "orchestrator", password: "wrong" } })).status, 401);
  t.is((await host.request("POST", "/api/login", { auth: false, body: { username: "orchestrator", password: "orchestrator-secret" } })).status, 200);
  const text = (await host.request("GET", "/metrics", { auth: false })).body as string;
  t.is(sample(text, 'fdo_auth_logins_total{outcome="failure"}'), 1);
  t.is(sample(text, 'fdo_auth_logins_total{outcome="success"}'), 1);
});

test("metrics are 404 when disabled", async (t) => {
  const host = await startProbeHost([]);
  t.teardown(() => host.stop());
  const response = await host.request("GET", "/metrics", { auth: false });
  t.is(response.status, 404);
  t.is((response.body as { code: string }).code, "FDO_ERR_HTTP_NOT_FOUND");
});
