import { hostname } from "node:os";
import {
  Injectable,
  TOKENS,
  pluginConfigToken,
  type Directory,
  type HostSettings,
  type Subtask,
  type SubtaskContext,
  type TaskExecutor,
  type TaskRun,
  type TaskRunResult,
  type TaskRunner,
  type TaskStore,
} from "@fdo/sdk";
import { resolveAuditBase } from "./audit-branch.js";
import { auditConfig, type AuditConfig } from "./config.js";
import { requestMode } from "./request-mode.js";
import { AuditRetention, DEFAULT_RETENTION_SETTINGS, RETENTION_TYPES, type RetentionSettings } from "./retention.js";
import { SYSLOG_TYPE, SyslogExport, type SyslogSettings } from "./syslog-export.js";

/** Events sorted in memory at once by the syslog export. */
export const DEFAULT_EXPORT_BATCH = 5000;

/** Tuning knobs (tests shrink them to exercise batching). */
export interface AuditTuning {
  readonly retention: RetentionSettings;
  readonly exportBatch: number;
  readonly hostname: string;
}

export const DEFAULT_TUNING: AuditTuning = { retention: DEFAULT_RETENTION_SETTINGS, exportBatch: DEFAULT_EXPORT_BATCH, hostname: hostname() };

export function syslogSettingsOf(config: AuditConfig, tuning: AuditTuning): SyslogSettings {
  return {
    directory: config.syslogDir,
    format: config.syslogFormat,
    hostname: tuning.hostname,
    batchSize: tuning.exportBatch,
    pageSize: tuning.retention.pageSize,
  };
}

/**
 * `PATCH /api/tasks/audit`: retention of the due `Audit`/`audit` subtasks, or with `{"type": "syslog"}` the export
 * of the due `auditSyslog` subtasks. Subtasks run one at a time: they all work on the same events.
 */
export class AuditRuns implements TaskExecutor {
  readonly #retention: AuditRetention;
  readonly #syslog: SyslogExport;

  constructor(
    private readonly runner: TaskRunner,
    private readonly directory: Directory,
    private readonly tasks: TaskStore,
    private readonly settings: HostSettings,
    config: AuditConfig,
    tuning: AuditTuning,
  ) {
    this.#retention = new AuditRetention(directory, tasks, tuning.retention);
    this.#syslog = new SyslogExport(directory, syslogSettingsOf(config, tuning));
  }

  run(run: TaskRun): Promise<TaskRunResult> {
    const mode = requestMode(run.body);
    // Read once per run, when the first subtask needs it.
    let base: Promise<string> | undefined;
    const auditBase = (): Promise<string> => (base ??= resolveAuditBase(this.directory, this.settings.ldapBase));
    if (mode === "syslog") {
      const handler = async (subtask: Subtask, context: SubtaskContext) =>
        this.#syslog.process(subtask, context, await auditBase(), await this.tasks.timeZone());
      return this.runner.forEachDue({ ...run, granularTypes: [SYSLOG_TYPE] }, handler, { concurrency: 1 });
    }
    const handler = async (subtask: Subtask, context: SubtaskContext) => this.#retention.process(subtask, context, await auditBase());
    return this.runner.forEachDue({ ...run, granularTypes: RETENTION_TYPES }, handler, { concurrency: 1 });
  }
}

/** The executor the host constructs (one token per constructor parameter), with the default tuning. */
export class AuditExecutor extends AuditRuns {
  constructor(runner: TaskRunner, directory: Directory, tasks: TaskStore, settings: HostSettings, config: AuditConfig) {
    super(runner, directory, tasks, settings, config, DEFAULT_TUNING);
  }
}
Injectable(TOKENS.TaskRunner, TOKENS.Directory, TOKENS.TaskStore, TOKENS.Settings, pluginConfigToken(auditConfig))(AuditExecutor);
