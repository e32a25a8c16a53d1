/**
 * A counter a plugin declared: it only goes up.
 * @public
 */
export interface MetricCounter {
  /** Adds `value` (default 1) to the series of these label values. */
  inc(labels?: Readonly<Record<string, string>>, value?: number): void;
}

/**
 * A gauge a plugin declared: a value that goes up and down.
 * @public
 */
export interface MetricGauge {
  set(value: number, labels?: Readonly<Record<string, string>>): void;
  inc(labels?: Readonly<Record<string, string>>, value?: number): void;
  dec(labels?: Readonly<Record<string, string>>, value?: number): void;
}

/**
 * A histogram a plugin declared: observations counted into buckets.
 * @public
 */
export interface MetricHistogram {
  observe(value: number, labels?: Readonly<Record<string, string>>): void;
}

/**
 * How a plugin metric is declared. `name` is the part after the plugin's prefix: letters, digits and `_`, starting
 * with a letter (e.g. `reminders_sent_total`).
 * @public
 */
export interface MetricDeclaration {
  readonly name: string;
  /** One line for the `# HELP` of the exposition. */
  readonly help: string;
  /** Label names every observation gives a value for; keep their values few (never a DN or an address). */
  readonly labelNames?: readonly string[];
}

/**
 * Options of a histogram; `buckets` are upper bounds in the unit you observe (seconds for durations).
 * @public
 */
export interface HistogramDeclaration extends MetricDeclaration {
  readonly buckets?: readonly number[];
}

/**
 * Declares the plugin's own Prometheus metrics, exposed on `GET <base>/metrics` (when `METRICS_ENABLED=TRUE`) with
 * the host's. Every name is prefixed `fdo_plugin_<plugin id>_` (characters other than letters, digits and `_`
 * become `_`), so plugins never collide with each other or with the host. Declaring the same name twice returns
 * the same metric. When metrics are disabled the metrics still work; nobody scrapes them.
 *
 * @example
 * ```ts
 * deps: { metrics: services.metrics },
 * const reminders = metrics.counter({ name: "reminders_sent_total", help: "Reminders sent", labelNames: ["kind"] });
 * reminders.inc({ kind: "expiry" });
 * ```
 * @public
 */
export interface PluginMetrics {
  counter(declaration: MetricDeclaration): MetricCounter;
  gauge(declaration: MetricDeclaration): MetricGauge;
  histogram(declaration: HistogramDeclaration): MetricHistogram;
}
