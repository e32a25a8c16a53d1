import { type ForEachDueOptions, type HostSettings, HttpBadRequestError, type SubtaskHandler, type TaskRun, type TaskRunner, type TaskRunReport } from "@fdo/sdk";
import test from "ava";
import { validateConfig } from "../../core/src/config/validate-config.js";
import { AuditRuns, DEFAULT_TUNING, syslogSettingsOf } from "../../plugins/audit/src/audit-executor.js";
import { type AuditConfig, auditConfig } from "../../plugins/audit/src/config.js";
import { context, FakeAuditDirectory, FakeTaskStore } from "../support/audit-fakes.js";
import { fakeEntry, fakeSubtask } from "../support/fakes.js";

/** What the host injects when orchestrator.conf sets none of the plugin's keys: the schema's defaults. */
const DEFAULT_CONFIG: AuditConfig = (() => {
  const validation = validateConfig(auditConfig, {});
  if (!validation.ok) throw new Error(validation.problems.map((problem) => problem.message).join("; "));
  return validation.config;
})();

const SETTINGS: HostSettings = { ldapBase: "dc=example,dc=org", dsaBranch: undefined, fusionDirectoryApiUrl: undefined, httpBasePath: "", nothingToDo: "status" };

/** Records what the executor asked for and runs the handler on one subtask. */
class RecordingRunner implements TaskRunner {
  readonly calls: Array<{ types: readonly string[]; options: ForEachDueOptions | undefined }> = [];
  async forEachDue<D>(run: TaskRun, handler: SubtaskHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>> {
    this.calls.push({ types: run.granularTypes, options });
    const subtask = fakeSubtask("cn=s,ou=tasks,dc=example,dc=org", run.granularTypes[0] ?? "", {}, "cn=missing,ou=tasks,dc=example,dc=org");
    const outcome = await handler(subtask, context({ dryRun: run.dryRun }));
    return { summary: { eligible: 1, processed: 1, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map([["outcome", outcome]]) };
  }
  async forEachDueGroup(): Promise<TaskRunReport<never>> {
    throw new Error("not used");
  }
}

function executor(config: AuditConfig = DEFAULT_CONFIG, fdConfig: Record<string, string> = {}) {
  const runner = new RecordingRunner();
  const directory = new FakeAuditDirectory([fakeEntry("cn=config,ou=fusiondirectory,dc=example,dc=org", { objectClass: "fusionDirectoryConf", fdAuditRDN: "ou=journal", ...fdConfig })]);
  return { runner, runs: new AuditRuns({ runner, directory, tasks: new FakeTaskStore(), settings: SETTINGS, config }, DEFAULT_TUNING) };
}

const run = (body: unknown): TaskRun => ({ segment: "audit", granularTypes: ["Audit", "audit", "auditSyslog"], dryRun: false, body, signal: new AbortController().signal, requestId: "t" });

test("standard mode processes only Audit/audit subtasks, one at a time", async (t) => {
  const { runner, runs } = executor();
  const result = await runs.run(run(undefined));
  t.deepEqual(runner.calls, [{ types: ["Audit", "audit"], options: { concurrency: 1 } }]);
  t.like(result.results.get("outcome"), { kind: "failed" });
});

test("syslog mode processes only auditSyslog subtasks, with FusionDirectory's fdAuditSyslogPrefix checked first", async (t) => {
  const { runner, runs } = executor({ ...DEFAULT_CONFIG, syslogDir: "/sys/fdo-audit-export" }, { fdAuditSyslogPrefix: "../etc/cron.d/x" });
  const result = await runs.run(run({ type: "syslog" }));
  t.deepEqual(runner.calls, [{ types: ["auditSyslog"], options: { concurrency: 1 } }]);
  t.like(result.results.get("outcome"), { kind: "failed", error: "fdAuditSyslogPrefix \"../etc/cron.d/x\" is not a plain file name (letters, digits, '.', '_', '-'; at most 64)" });
});

test("an unknown type is refused before anything runs", async (t) => {
  const { runner, runs } = executor();
  const error = t.throws(() => runs.run(run({ type: "export" })));
  t.is((error as { code?: string }).code, HttpBadRequestError.code);
  t.is(runner.calls.length, 0);
});

test("syslog settings: upstream's directory and line format by default, RFC 5424 and another directory on request", (t) => {
  t.like(syslogSettingsOf(DEFAULT_CONFIG, DEFAULT_TUNING), { directory: "/var/log/fusiondirectory", format: "upstream" });
  t.like(syslogSettingsOf({ syslogDir: "/srv/fd-audit", syslogFormat: "rfc5424" }, DEFAULT_TUNING), { directory: "/srv/fd-audit", format: "rfc5424" });
});
