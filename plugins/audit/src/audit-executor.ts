import { hostname } from "node:os";
import {
  type Directory,
  defineTaskType,
  type HostSettings,
  pluginConfigRef,
  type SubtaskOutcome,
  subtaskServices,
  type TaskPresenter,
  type TaskRun,
  type TaskRunner,
  type TaskRunReport,
  type TaskStore,
} from "@fdo/sdk";
import { resolveAuditBase } from "./audit-branch.js";
import { type AuditConfig, auditConfig } from "./config.js";
import { requestMode } from "./request-mode.js";
import { AuditRetention, DEFAULT_RETENTION_SETTINGS, RETENTION_TYPES, type RetentionSettings } from "./retention.js";
import { type RetentionDetail, retentionJson } from "./retention-reports.js";
import { SYSLOG_TYPE, SyslogExport, type SyslogSettings } from "./syslog-export.js";
import { resolveSyslogPrefix, type SyslogPrefix } from "./syslog-prefix.js";
import { type SyslogDetail, syslogJson } from "./syslog-reports.js";

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

/** The audit task's account of one subtask: a retention or a syslog export. */
export type AuditDetail = RetentionDetail | SyslogDetail;

/** The services an audit run uses. */
export interface AuditServices {
  readonly runner: TaskRunner;
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly settings: HostSettings;
  readonly config: AuditConfig;
}

/**
 * `PATCH /api/tasks/audit`: retention of the due `Audit`/`audit` subtasks, or with `{"type": "syslog"}` the export
 * of the due `auditSyslog` subtasks. Subtasks run one at a time: they all work on the same events.
 */
export class AuditRuns {
  readonly #retention: AuditRetention;
  readonly #syslog: SyslogExport;

  constructor(
    private readonly services: AuditServices,
    tuning: AuditTuning,
  ) {
    this.#retention = new AuditRetention(services.directory, services.tasks, tuning.retention);
    this.#syslog = new SyslogExport(services.directory, syslogSettingsOf(services.config, tuning));
  }

  run(run: TaskRun): Promise<TaskRunReport<AuditDetail>> {
    const { runner, directory, tasks, settings } = this.services;
    const mode = requestMode(run.body);
    // Read once per run, when the first subtask needs it.
    let base: Promise<string> | undefined;
    const auditBase = (): Promise<string> => (base ??= resolveAuditBase(directory, settings.ldapBase));
    if (mode === "syslog") {
      let prefix: Promise<SyslogPrefix> | undefined;
      const syslogPrefix = (): Promise<SyslogPrefix> => (prefix ??= resolveSyslogPrefix(directory, settings.ldapBase));
      return runner.forEachDue<AuditDetail>(
        { ...run, granularTypes: [SYSLOG_TYPE] },
        async (_subtask, context) => this.#syslog.process(context, await auditBase(), await tasks.timeZone(), await syslogPrefix()),
        { concurrency: 1 },
      );
    }
    return runner.forEachDue<AuditDetail>({ ...run, granularTypes: RETENTION_TYPES }, async (subtask, context) => this.#retention.process(subtask, context, await auditBase()), { concurrency: 1 });
  }
}

const isRetention = (detail: AuditDetail): detail is RetentionDetail => ["removed", "noEvents", "nothingExpired", "retentionFailed", "retentionAborted"].includes(detail.kind);

/** The JSON of an audit subtask: upstream's retention shape, or the syslog export's with its DN first. */
export const presentAudit: TaskPresenter<AuditDetail, unknown> = {
  subtask: ({ detail }: SubtaskOutcome<AuditDetail> & { readonly detail: AuditDetail }, { key, dryRun, nothingToDo }) => {
    const removed = nothingToDo === "delete";
    return isRetention(detail) ? retentionJson(detail, dryRun, removed) : syslogJson(detail, key, dryRun, removed);
  },
};

/** The audit task type, with the default tuning. */
export const auditTaskType = defineTaskType({
  segment: "audit",
  // auditSyslog is claimed here so no other plugin can; retention runs only handle Audit/audit.
  granularTypes: [...RETENTION_TYPES, SYSLOG_TYPE],
  description: "delete audit events older than the task's retention (FD 1.5 'Audit', FD 1.6 'audit'); with {\"type\": \"syslog\"}, export new events ('auditSyslog')",
  bodyKeys: ["type"],
  deps: { ...subtaskServices, config: pluginConfigRef(auditConfig) },
  run: (run, deps) => new AuditRuns(deps, DEFAULT_TUNING).run(run),
  present: presentAudit,
});
