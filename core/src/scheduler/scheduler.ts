import { randomUUID } from "node:crypto";
import { type Clock, errorText, type Logger } from "@fdo/sdk";
import type { HostMetrics } from "../metrics/host-metrics.js";
import type { RegisteredTaskType } from "../plugins/loaded-plugin.js";
import type { TaskRuns } from "../runs/task-runs.js";
import type { Schedule } from "./schedule-config.js";
import type { SegmentLease, SegmentLeases } from "./segment-leases.js";

// setTimeout's longest delay; a farther tick is waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What became of one tick on this instance (the `result` label of `fdo_scheduler_ticks_total`). */
type TickResult = "ran" | "skipped_lease" | "skipped_overlap" | "failed";

export interface SchedulerOptions {
  /** Each with the task type it runs. */
  readonly schedules: ReadonlyArray<{ readonly schedule: Schedule; readonly taskType: RegisteredTaskType }>;
  readonly runs: TaskRuns;
  readonly leases: SegmentLeases;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: HostMetrics;
  /** `SCHEDULER_CATCH_UP`: run once at start a segment that missed its previous tick. */
  readonly catchUp: boolean;
  /** The lease is renewed every third of it while a run goes on. */
  readonly leaseSeconds: number;
  /** Aborted when the host stops: the run finishes its current subtask and returns. */
  readonly signal: AbortSignal;
}

/**
 * Runs task types on their `SCHEDULE_<SEGMENT>` cron expressions, through the same {@link TaskRuns} as the API.
 * Per tick, one instance runs: the one that takes the segment's lease and finds the tick not yet recorded in it.
 * A run still going at the next tick is never overlapped (that tick is skipped and counted).
 */
export class Scheduler {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Arms every schedule; with catch-up on, first runs those whose last run is older than their previous tick. */
  start(): void {
    for (const scheduled of this.options.schedules) {
      const { schedule } = scheduled;
      this.options.logger.info("schedule armed", { segment: schedule.segment, expression: schedule.expression, next: schedule.calendar.nextRun(this.options.clock.now())?.toISOString() });
      if (this.options.catchUp) void this.#catchUp(scheduled);
      else this.#arm(scheduled, this.options.clock.now());
    }
  }

  /** Disarms every schedule and waits for the runs in progress (aborted by the host's signal) to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running.values()]);
  }

  async #catchUp(scheduled: SchedulerOptions["schedules"][number]): Promise<void> {
    const { segment, calendar } = scheduled.schedule;
    const now = this.options.clock.now();
    const previous = calendar.previousRuns(1, now)[0];
    try {
      const last = await this.options.leases.lastRun(segment);
      // Never scheduled before: nothing was missed.
      if (previous !== undefined && last !== undefined && last < previous) {
        this.options.logger.info("schedule catching up", { segment, lastRun: last.toISOString(), missed: previous.toISOString() });
        await this.#tick(scheduled, previous);
      }
    } catch (error) {
      this.options.logger.warn("schedule catch-up check failed", { segment, error: errorText(error) });
    }
    this.#arm(scheduled, now);
  }

  /** Sets the timer of the first tick after `after` (and after now). */
  #arm(scheduled: SchedulerOptions["schedules"][number], after: Date): void {
    if (this.#stopped) return;
    const { segment, calendar } = scheduled.schedule;
    const now = this.options.clock.now();
    const next = calendar.nextRun(after > now ? after : now);
    if (next === null) return;
    const delay = next.getTime() - now.getTime();
    const timer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.#arm(scheduled, after), MAX_TIMER_MS)
        : setTimeout(() => {
            this.#arm(scheduled, next);
            void this.#tick(scheduled, next);
          }, delay);
    this.#timers.set(segment, timer);
  }

  async #tick(scheduled: SchedulerOptions["schedules"][number], tick: Date): Promise<void> {
    const { segment } = scheduled.schedule;
    if (this.#stopped) return;
    if (this.#running.has(segment)) return this.#count(segment, "skipped_overlap", tick);
    const run = this.#runTick(scheduled, tick).finally(() => this.#running.delete(segment));
    this.#running.set(segment, run);
    await run;
  }

  async #runTick(scheduled: SchedulerOptions["schedules"][number], tick: Date): Promise<void> {
    const { segment } = scheduled.schedule;
    let lease: SegmentLease | undefined;
    try {
      lease = await this.options.leases.take(segment);
    } catch (error) {
      this.options.logger.warn("scheduler could not take the lease", { segment, tick: tick.toISOString(), error: errorText(error) });
      return this.#count(segment, "failed", tick);
    }
    // Held elsewhere, or released by an instance that already ran this tick.
    if (lease === undefined || (lease.lastRun !== undefined && lease.lastRun >= tick)) {
      await lease?.release().catch((error: unknown) => this.options.logger.warn("scheduler could not release the lease", { segment, error: errorText(error) }));
      return this.#count(segment, "skipped_lease", tick);
    }
    try {
      await lease.recordRun(tick);
      this.#count(segment, "ran", tick);
      await this.#run(scheduled.taskType, lease, tick);
    } catch (error) {
      this.options.logger.error("scheduled run failed", { segment, tick: tick.toISOString(), error: errorText(error) });
    } finally {
      await lease.release().catch((error: unknown) => this.options.logger.warn("scheduler could not release the lease", { segment, error: errorText(error) }));
    }
  }

  async #run(taskType: RegisteredTaskType, lease: SegmentLease, tick: Date): Promise<void> {
    const segment = taskType.definition.segment;
    const renewal = setInterval(
      () => {
        lease.renew().catch((error: unknown) => this.options.logger.warn("scheduler could not renew the lease", { segment, error: errorText(error) }));
      },
      (this.options.leaseSeconds * 1000) / 3,
    );
    try {
      await this.options.runs.run(taskType, { trigger: "schedule", dryRun: false, body: undefined, signal: this.options.signal, requestId: randomUUID(), scheduledAt: tick });
    } finally {
      clearInterval(renewal);
    }
  }

  #count(segment: string, result: TickResult, tick: Date): void {
    this.options.metrics.schedulerTicks.inc({ segment, result });
    if (result !== "ran") this.options.logger.debug("schedule tick skipped", { segment, result, tick: tick.toISOString() });
  }
}
