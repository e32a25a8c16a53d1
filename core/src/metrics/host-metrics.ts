import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RUN_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800];

/**
 * Every metric the host records, in one registry per host (several hosts can share a process, as in tests). The
 * registry is filled whether or not `/metrics` is served: recording costs little and keeps callers free of checks.
 */
export class HostMetrics {
  readonly registry = new Registry();
  readonly taskRuns = this.#counter("fdo_task_runs_total", "Task runs by segment, trigger (api, schedule) and outcome (ok, partial, failed, nothing)", ["segment", "trigger", "outcome"]);
  readonly subtasks = this.#counter("fdo_subtasks_total", "Subtasks settled by runs, by segment and outcome (done, nothing, failed, skipped)", ["segment", "outcome"]);
  readonly runDuration = new Histogram({ name: "fdo_task_run_duration_seconds", help: "Duration of task runs", labelNames: ["segment"], buckets: RUN_BUCKETS, registers: [this.registry] });
  readonly mailsSent = this.#counter("fdo_mails_sent_total", "Mails sent (accepted by the SMTP server for at least one recipient), by plugin", ["plugin"]);
  readonly httpRequests = this.#counter("fdo_http_requests_total", "HTTP requests by method, route template and status", ["method", "route", "status"]);
  readonly httpDuration = new Histogram({
    name: "fdo_http_request_duration_seconds",
    help: "HTTP request duration by method and route template",
    labelNames: ["method", "route"],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly authLogins = this.#counter("fdo_auth_logins_total", "Logins by outcome (success, failure, rate_limited)", ["outcome"]);
  readonly ldapDuration = new Histogram({
    name: "fdo_ldap_operation_duration_seconds",
    help: "LDAP operation duration by operation",
    labelNames: ["operation"],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly schedulerTicks = this.#counter("fdo_scheduler_ticks_total", "Scheduler ticks by segment and result (ran, skipped_lease, skipped_overlap)", ["segment", "result"]);
  readonly pluginsLoaded = new Gauge({ name: "fdo_plugins_loaded", help: "Plugins loaded", registers: [this.registry] });

  /** `processMetrics`: also prom-client's default process metrics (they sample the event loop: only when served). */
  constructor(options: { readonly processMetrics: boolean }) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  #counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
