import { type Clock, childDn, type Directory, type FusionDirectoryClient, type Logger, type TaskStore } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import type { ConfigProblem, RawConfig } from "../config/validate-config.js";
import type { HostMetrics } from "../metrics/host-metrics.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import type { TaskTypeRegistry } from "../plugins/task-type-registry.js";
import type { TaskRuns } from "../runs/task-runs.js";
import { maintenanceTaskTypes } from "./maintenance-task-types.js";
import { readSchedules } from "./schedule-config.js";
import { Scheduler } from "./scheduler.js";
import { SegmentLeases } from "./segment-leases.js";

export interface SchedulerDependencies {
  readonly config: CoreConfig;
  readonly raw: RawConfig;
  readonly registry: TaskTypeRegistry;
  readonly runs: TaskRuns;
  readonly metrics: HostMetrics;
  readonly directory: Directory;
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly owner: string;
  readonly signal: AbortSignal;
  readonly fusionDirectory: FusionDirectoryClient | undefined;
  readonly tokenBranch: () => Promise<string>;
}

/**
 * The scheduler the `SCHEDULE_*` keys describe, `undefined` when there is none (nothing changes then), or every
 * problem of those keys (a segment nobody serves, a bad expression or time zone).
 */
export function createScheduler(deps: SchedulerDependencies): { readonly ok: true; readonly scheduler: Scheduler | undefined } | { readonly ok: false; readonly problems: readonly ConfigProblem[] } {
  const { config } = deps;
  const maintenance = maintenanceTaskTypes({ directory: deps.directory, store: deps.store, clock: deps.clock, fd: deps.fusionDirectory, ldapBase: config.ldapBase, logger: deps.logger });
  const taskTypes = new Map<string, RegisteredTaskType>([...deps.registry.list(), ...maintenance].map((entry) => [entry.definition.segment, entry]));
  const { schedules, problems } = readSchedules(deps.raw, [...taskTypes.keys()], config.schedulerTimezone);
  if (problems.length > 0) return { ok: false, problems };
  if (schedules.length === 0) return { ok: true, scheduler: undefined };
  const leases = new SegmentLeases({
    directory: deps.directory,
    clock: deps.clock,
    owner: deps.owner,
    leaseSeconds: config.schedulerLeaseSeconds,
    branch: async () => config.schedulerBranch ?? childDn("ou", "scheduler", await deps.tokenBranch()),
  });
  const scheduler = new Scheduler({
    schedules: schedules.map((schedule) => ({ schedule, taskType: taskTypes.get(schedule.segment) as RegisteredTaskType })),
    runs: deps.runs,
    leases,
    clock: deps.clock,
    logger: deps.logger.child({ service: "scheduler" }),
    metrics: deps.metrics,
    catchUp: config.schedulerCatchUp,
    leaseSeconds: config.schedulerLeaseSeconds,
    signal: deps.signal,
  });
  return { ok: true, scheduler };
}
