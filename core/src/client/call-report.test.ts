import test from "ava";
import type { ApiAnswer } from "./api-client.js";
import { formatDuration, reportAnswer, reportFailure, requestOf, summaryOf, taskNamesOf } from "./call-report.js";
import type { Action } from "./parse-args.js";

const run = (segment: string, body?: Record<string, string>): Action => ({ option: `--run`, kind: "run", segment, ...(body === undefined ? {} : { body }) });
const list: Action = { option: "--tasks", kind: "list", segment: "" };
const answer = (status: number, body: unknown): ApiAnswer => ({ status, body, text: JSON.stringify(body) ?? "", durationMs: 12 });
const report = (action: Action, status: number, body: unknown, dryRun = false) => reportAnswer(action, requestOf(action, dryRun), answer(status, body), dryRun);
const summary = { eligible: 5, processed: 5, succeeded: 4, skipped: 0, failed: 1, durationMs: 1500 };

test("requests: listing, PATCH with body, dry run as a query", (t) => {
  t.deepEqual(requestOf(list, true), { method: "GET", path: "/api/tasks/" });
  t.deepEqual(requestOf(run("audit", { type: "syslog" }), false), { method: "PATCH", path: "/api/tasks/audit", body: { type: "syslog" } });
  t.deepEqual(requestOf(run("mail"), true), { method: "PATCH", path: "/api/tasks/mail?dryRun=true" });
});

test("the task listing: PHP ldap_get_entries shape, [] and plain arrays", (t) => {
  const php = {
    count: 3,
    "0": { cn: { count: 1, "0": "Welcome mail" }, "0": "cn", count: 1, dn: "cn=Welcome mail,ou=tasks" },
    "1": { cn: { count: 1, "0": "Reminder" }, "0": "cn", count: 1, dn: "cn=Reminder,ou=tasks" },
    "2": { cn: { count: 1, "0": "Welcome mail" }, "0": "cn", count: 1, dn: "cn=Welcome mail,ou=other" },
  };
  t.deepEqual(taskNamesOf(php), ["Welcome mail", "Reminder"]);
  t.deepEqual(taskNamesOf([{ cn: ["A"] }, { cn: ["B"] }]), ["A", "B"]);
  t.deepEqual(taskNamesOf([]), []);
  t.is(report(list, 200, php).text, "Welcome mail\nReminder");
  t.deepEqual(report(list, 200, php).tasks, ["Welcome mail", "Reminder"]);
  t.is(report(list, 200, []).text, "No tasks available.");
});

test("summaries: counts per kind of task, partial failure when subtasks failed", (t) => {
  const mail = report(run("mail"), 200, { "cn=x": {}, summary });
  t.is(mail.text, "mail: 4 sent, 0 skipped, 1 failed (5 due, 5 processed, 1.5 s)");
  t.is(mail.outcome, "partial");
  t.deepEqual(mail.summary, summary);
  const ok = { ...summary, succeeded: 5, failed: 0 };
  t.is(report(run("lifeCycle"), 200, [{ a: 1 }, { summary: ok }]).text, "lifeCycle: 5 changed, 0 skipped, 0 failed (5 due, 5 processed, 1.5 s)");
  t.is(report(run("mail"), 200, { summary: ok }, true).text, "mail (dry run): 5 would be sent, 0 skipped, 0 failed (5 due, 5 processed, 1.5 s)");
  t.is(report(run("custom"), 200, { summary: ok }).outcome, "ok");
  t.is(report(run("custom"), 200, { summary: ok }).text, "custom: 5 succeeded, 0 skipped, 0 failed (5 due, 5 processed, 1.5 s)");
  const nothing = { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 3 };
  t.is(report(run("mail"), 200, { message: "Nothing to process for mail: no subtask is due.", summary: nothing }).text, "Nothing to process for mail: no subtask is due.");
  t.is(summaryOf({ summary: { eligible: "5" } }), undefined);
  const unknown = report(run("mail"), 200, { summary: { ...ok, succeeded: 4, unknown: 1 } });
  t.is(unknown.text, "mail: 4 sent, 0 skipped, 0 failed, 1 delivery unknown (5 due, 5 processed, 1.5 s)");
  t.is(unknown.outcome, "partial", "a mail that may not have arrived needs the admin");
});

test("a streamed answer that ends with an error member failed like the 503 it would have been", (t) => {
  const stopped = report(run("mail"), 200, { "cn=x": {}, error: { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "LDAP directory unavailable" }, summary });
  t.is(stopped.outcome, "server");
  t.deepEqual(stopped.error, { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "LDAP directory unavailable" });
  t.is(stopped.text, "stopped part-way (HTTP 200 FDO_ERR_LDAP_UNAVAILABLE: LDAP directory unavailable); mail: 4 sent, 0 skipped, 1 failed (5 due, 5 processed, 1.5 s)");
  t.is(report(run("custom"), 200, { error: "a task type's own text", summary }).outcome, "partial", "only the host's {code, message} member means the run stopped");
});

test("answers without a summary: anti-spam, upstream strings, maintenance results", (t) => {
  t.like(report(run("mail"), 200, { antiSpam: "Anti-spam protection active, skipping mail tasks." }), { outcome: "ok", text: "mail: Anti-spam protection active, skipping mail tasks." });
  t.is(report(run("mail"), 200, "No results received from the endpoint, maybe nothing to be processed ?").text, "mail: No results received from the endpoint, maybe nothing to be processed ?");
  t.is(report(run("removeSubTasks"), 200, ["No completed sub-tasks were removed."]).text, "removeSubTasks: No completed sub-tasks were removed.");
  t.like(report(run("removeSubTasks"), 200, { "cn=a": { result: true }, "cn=b": { result: false, error: "x" } }), { outcome: "partial", text: "removeSubTasks: 1 subtask(s) removed, 1 failed" });
  t.like(report(run("restartFailedTasks"), 200, { updated: ["cn=a"], errors: [] }), { outcome: "ok", text: "restartFailedTasks: 1 restarted, 0 error(s)" });
  t.like(report(run("restartFailedTasks"), 200, { errors: ["Main task with cn 'x' not found"] }), {
    outcome: "partial",
    text: "restartFailedTasks: 0 restarted, 1 error(s): Main task with cn 'x' not found",
  });
  t.is(report(run("restartFailedTasks"), 200, { message: "No failed subtasks found to restart." }).text, "restartFailedTasks: No failed subtasks found to restart.");
  const skippedUnknown = { reason: "delivery unknown: check first", subtasks: ["cn=b", "cn=c"] };
  t.is(report(run("restartFailedTasks"), 200, { updated: ["cn=a"], errors: [], skippedUnknown }).text, "restartFailedTasks: 1 restarted, 0 error(s); 2 skipped (delivery unknown: check first)");
  t.is(
    report(run("restartFailedTasks"), 200, { message: "No failed subtasks found to restart.", skippedUnknown }).text,
    "restartFailedTasks: No failed subtasks found to restart. 2 skipped (delivery unknown: check first)",
  );
  t.is(
    report(run("activateCyclicTasks"), 200, { "cn=a": { result: "Task has been activated successfully" }, "cn=b": { Status: "not yet" } }).text,
    "activateCyclicTasks: 1 task(s) activated, 1 not due, 0 failed",
  );
  t.like(report(run("mail"), 200, { "cn=a": { statusUpdate: true, Error: ["SMTP connect() failed"] } }), { outcome: "partial", text: "mail: 1 result(s), 1 failed" });
  t.is(report(run("mail"), 200, undefined).text, "mail: done (HTTP 200)");
});

test("error statuses: auth, server, and upstream's 404 for nothing due", (t) => {
  t.like(report(run("x"), 404, { code: "FDO_ERR_TASK_TYPE_UNKNOWN", message: "no task type is served at /api/tasks/x" }), {
    outcome: "server",
    status: 404,
    text: "failed with HTTP 404 FDO_ERR_TASK_TYPE_UNKNOWN: no task type is served at /api/tasks/x",
    error: { code: "FDO_ERR_TASK_TYPE_UNKNOWN", message: "no task type is served at /api/tasks/x" },
  });
  t.is(report(run("x"), 401, { code: "FDO_ERR_AUTH_TOKEN_INVALID", message: "invalid signature" }).outcome, "auth");
  t.is(report(run("x"), 500, "<html>oops</html>").text, 'failed with HTTP 500: "<html>oops</html>"');
  t.like(report(run("mail"), 404, { message: "Task object type : mail not found" }), { outcome: "ok", text: "mail: nothing to process (Task object type : mail not found)" });
});

test("failures without an answer", (t) => {
  const error = Object.assign(new Error("cannot connect to x (ECONNREFUSED)"), { code: "ECONNREFUSED" });
  t.like(reportFailure(run("mail"), requestOf(run("mail"), true), true, "server", error, 5), {
    status: null,
    dryRun: true,
    text: "cannot connect to x (ECONNREFUSED)",
    error: { code: "ECONNREFUSED", message: "cannot connect to x (ECONNREFUSED)" },
  });
});

test("formatDuration", (t) => {
  t.is(formatDuration(12.4), "12 ms");
  t.is(formatDuration(1500), "1.5 s");
  t.is(formatDuration(125000), "2 min 5 s");
});
