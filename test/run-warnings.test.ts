// A side step that failed while the work succeeded (and needs no retry) is a warning: the subtask is done, the run
// summary counts it in `warnings`, and the client says so — engine, HTTP and client output end to end.
import test from "ava";
import { reportAnswer, requestOf } from "../core/src/client/call-report.js";
import { startProbeHost, statuses } from "./support/probe-host.js";

test("a subtask done with a failed side step is counted in the summary's warnings and shown by the client", async (t) => {
  const host = await startProbeHost([{ cn: "plain" }, { cn: "tagless", action: "warn:could not tag the user" }, { cn: "broken", action: "fail:no such user" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe");
  t.is(response.status, 200);
  const body = response.body as { summary: Record<string, number> };
  t.like(body.summary, { eligible: 3, processed: 3, succeeded: 2, skipped: 0, failed: 1, warnings: 1 });
  t.deepEqual(await statuses(host, ["plain", "tagless", "broken"]), { plain: "2", tagless: "2", broken: "no such user" }, "a warning needs no retry");
  t.true(host.logs().some((line) => line["msg"] === "subtask done with warnings" && JSON.stringify(line).includes("could not tag the user")));

  const action = { option: "--probe", kind: "run", segment: "probe" } as const;
  const report = reportAnswer(action, requestOf(action, false), { status: response.status, body, text: JSON.stringify(body), durationMs: 5 }, false);
  t.regex(report.text, /^probe: 2 succeeded \(1 with warnings\), 0 skipped, 1 failed \(3 due, 3 processed, /);
});

test("a run without warnings reports warnings: 0 and the client line stays as it was", async (t) => {
  const host = await startProbeHost([{ cn: "plain" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe");
  const body = response.body as { summary: Record<string, number> };
  t.is(body.summary["warnings"], 0);
  const action = { option: "--probe", kind: "run", segment: "probe" } as const;
  const report = reportAnswer(action, requestOf(action, false), { status: response.status, body, text: "", durationMs: 5 }, false);
  t.regex(report.text, /^probe: 1 succeeded, 0 skipped, 0 failed /);
});
