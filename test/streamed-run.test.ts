import { defineTaskType, type RunSummary, type SubtaskOutcome } from "@fdo/sdk";
import test from "ava";
import { phpPrettyJson } from "../core/src/http/php-json.js";
import { runBody } from "../core/src/http/presenters/run-body.js";
import { type ProbeSubtask, probeDn, startProbeHost, statuses } from "./support/probe-host.js";

// Enough subtasks for the answer to go out in several chunks (about 16 KiB each), so it is really streamed.
const BACKLOG = 400;

type Document = Record<string, unknown> & { summary: RunSummary };

/** What the probe plugin returns for each action of the backlog below (its presenter shows the detail as is). */
function probeOutcome(cn: string, action: string): SubtaskOutcome {
  const [kind, argument] = action.split(":");
  if (kind === "fail") return { kind: "failed", error: argument as string, detail: { Error: [argument] } };
  // The backlog's subtasks have the FD 1.5 spelling ('Probe Object'): nothing to do deletes them.
  if (kind === "nothing") return { kind: "nothing", reason: "no match", removed: true };
  if (kind === "warn") return { kind: "done", detail: { probe: cn }, warnings: [argument as string] };
  return { kind: "done", detail: { probe: cn } };
}

const ACTIONS = ["done", "warn:tagging failed", "fail:550 mailbox/unavailable", "nothing"];
const backlog: ProbeSubtask[] = Array.from({ length: BACKLOG }, (_, index) => ({ cn: `stream-${index}`, action: ACTIONS[index % ACTIONS.length] as string }));
const probe = defineTaskType({
  segment: "probe",
  deps: {},
  run: async () => ({ summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map() }),
  present: { subtask: ({ detail }) => detail },
});

/**
 * The buffered answer of the same run, as the host wrote it before streaming: the whole report collected (in the
 * order the streamed document lists the subtasks), presented, then encoded by the PHP-style encoder.
 */
function bufferedAnswer(document: Document, dryRun: boolean, extra: Record<string, unknown> = {}): string {
  const results = new Map<string, SubtaskOutcome>();
  for (const dn of Object.keys(document).filter((key) => key !== "summary" && key !== "error")) {
    const cn = /^cn=([^,]+),/.exec(dn)?.[1] as string;
    results.set(dn, probeOutcome(cn, backlog.find((subtask) => subtask.cn === cn)?.action as string));
  }
  const body = runBody(probe, { summary: document.summary, results }, { segment: "probe", dryRun }) as Record<string, unknown>;
  const { summary, ...members } = body;
  return phpPrettyJson({ ...members, ...extra, summary });
}

async function patch(url: string, token: string, query = ""): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/tasks/probe${query}`, { method: "PATCH", headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, text: await response.text() };
}

const METRICS_TOKEN = "metrics-scrape-token-for-streamed-runs";

/** The value of one sample line of the metrics exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("a streamed run answers the buffered document byte for byte: dry run, real run with warnings, then nothing due", async (t) => {
  const host = await startProbeHost(backlog, { METRICS_ENABLED: "TRUE", METRICS_TOKEN });
  t.teardown(() => host.stop());

  const dry = await patch(host.url, host.accessToken(), "?dryRun=true");
  t.is(dry.status, 200);
  const dryDocument = JSON.parse(dry.text) as Document;
  t.like(dryDocument.summary, { eligible: BACKLOG, processed: BACKLOG });
  t.is(Object.keys(dryDocument).length, BACKLOG + 1);
  t.is(dry.text, bufferedAnswer(dryDocument, true));
  t.is(Object.values(await statuses(host, ["stream-0", "stream-1"])).join(), "1,1", "a dry run changes nothing");

  const run = await patch(host.url, host.accessToken());
  t.is(run.status, 200);
  const document = JSON.parse(run.text) as Document;
  t.like(document.summary, { eligible: BACKLOG, processed: BACKLOG, succeeded: BACKLOG / 2, skipped: BACKLOG / 4, failed: BACKLOG / 4, warnings: BACKLOG / 4 });
  t.deepEqual(Object.keys(document).at(-1), "summary");
  t.is(Object.keys(document).length, BACKLOG + 1);
  t.is(run.text, bufferedAnswer(document, false));
  t.deepEqual(document[probeDn("stream-2")], { Error: ["550 mailbox/unavailable"] });
  t.true(run.text.includes('"Error": [\n            "550 mailbox\\/unavailable"\n        ]'), "PHP's escaped slash");

  // The history and the metrics counted every streamed result, and kept only the first ones.
  const newest = ((await host.request("GET", "/api/runs?segment=probe")).body as { runs: Array<{ id: string; dryRun: boolean }> }).runs[0];
  t.false(newest?.dryRun);
  const detail = (await host.request("GET", `/api/runs/${newest?.id ?? ""}`)).body as { results: unknown[]; resultsTotal: number; resultsLimit: number };
  t.like(detail, { resultsTotal: BACKLOG, resultsLimit: 200 });
  t.is(detail.results.length, 200);
  const metrics = (await host.request("GET", "/metrics", { auth: METRICS_TOKEN })).body as string;
  t.is(sample(metrics, 'fdo_subtasks_total{segment="probe",outcome="done"}'), BACKLOG / 2);
  t.is(sample(metrics, 'fdo_subtasks_total{segment="probe",outcome="failed"}'), BACKLOG / 4);
  t.is(sample(metrics, 'fdo_subtasks_total{segment="probe",outcome="nothing"}'), BACKLOG / 4);
  t.is(sample(metrics, 'fdo_http_requests_total{method="PATCH",route="/api/tasks/:segment",status="200"}'), 2);

  const nothing = await patch(host.url, host.accessToken());
  t.is(nothing.status, 200);
  const empty = JSON.parse(nothing.text) as Document;
  t.is(empty["message"], "Nothing to process for probe: no subtask is due.");
  t.is(nothing.text, phpPrettyJson({ message: empty["message"], summary: empty.summary }));
});

test("a run that loses the directory after its answer started keeps its 200 and ends with the error before the summary", async (t) => {
  // Fast subtasks fill the first chunks; slow ones keep the run going while the directory goes away.
  const slow = Array.from({ length: 100 }, (_, index) => ({ cn: `stream-slow-${index}`, action: "slow:200" }));
  const host = await startProbeHost([...backlog.map((subtask) => ({ cn: subtask.cn })), ...slow], { LDAP_TIMEOUT_MS: "2000" });
  t.teardown(() => host.stop());
  const response = await fetch(`${host.url}/api/tasks/probe`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${host.accessToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ concurrency: 2 }),
  });
  // The status line came with the first chunk: the run is under way.
  t.is(response.status, 200);
  await host.slapd.stop();
  const text = await response.text();
  const document = JSON.parse(text) as Document;
  t.deepEqual(Object.keys(document).slice(-2), ["error", "summary"]);
  t.deepEqual(document["error"], { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" });
  const streamed = Object.keys(document).filter((key) => key.startsWith("cn="));
  t.true(document.summary.processed < BACKLOG + slow.length, "stopped early, and said how far it got");
  t.is(streamed.length, document.summary.processed);
  t.is(text, phpPrettyJson(document));
  await host.slapd.start();
  // Every subtask in the answer was settled in the directory before it was shown.
  const settled = await statuses(
    host,
    streamed.map((dn) => /^cn=([^,]+),/.exec(dn)?.[1] as string),
  );
  t.true(Object.values(settled).every((status) => status === "2"));
});
