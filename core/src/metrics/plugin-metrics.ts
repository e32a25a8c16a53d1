import type { HistogramDeclaration, MetricCounter, MetricDeclaration, MetricGauge, MetricHistogram, PluginMetrics } from "@fdo/sdk";
import { Counter, Gauge, Histogram, type Metric, type Registry } from "prom-client";

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `fdo_plugin_<id>_`: the id with every character Prometheus does not allow in a name turned into `_`. */
export function pluginMetricPrefix(pluginId: string): string {
  return `fdo_plugin_${pluginId.replace(/[^A-Za-z0-9_]/g, "_")}_`;
}

/** {@link PluginMetrics} over the host's registry, every name under the plugin's prefix. */
export class RegistryPluginMetrics implements PluginMetrics {
  readonly #prefix: string;

  constructor(
    private readonly registry: Registry,
    pluginId: string,
  ) {
    this.#prefix = pluginMetricPrefix(pluginId);
  }

  counter(declaration: MetricDeclaration): MetricCounter {
    const counter = this.#declare(declaration, (base) => new Counter(base));
    return { inc: (labels, value) => (labels === undefined ? counter.inc(value) : counter.inc(labels, value)) };
  }

  gauge(declaration: MetricDeclaration): MetricGauge {
    const gauge = this.#declare(declaration, (base) => new Gauge(base));
    return {
      set: (value, labels) => (labels === undefined ? gauge.set(value) : gauge.set(labels, value)),
      inc: (labels, value) => (labels === undefined ? gauge.inc(value) : gauge.inc(labels, value)),
      dec: (labels, value) => (labels === undefined ? gauge.dec(value) : gauge.dec(labels, value)),
    };
  }

  histogram(declaration: HistogramDeclaration): MetricHistogram {
    const buckets = declaration.buckets === undefined ? {} : { buckets: [...declaration.buckets] };
    const histogram = this.#declare(declaration, (base) => new Histogram({ ...base, ...buckets }));
    return { observe: (value, labels) => (labels === undefined ? histogram.observe(value) : histogram.observe(labels, value)) };
  }

  /** The metric of that name: the one declared before, or a new one registered now. */
  #declare<M extends Metric>(declaration: MetricDeclaration, create: (base: { name: string; help: string; labelNames: string[]; registers: Registry[] }) => M): M {
    if (!NAME.test(declaration.name)) throw new TypeError(`metric name "${declaration.name}" must be letters, digits and _ and start with a letter`);
    const name = `${this.#prefix}${declaration.name}`;
    const existing = this.registry.getSingleMetric(name);
    if (existing !== undefined) return existing as M;
    return create({ name, help: declaration.help, labelNames: [...(declaration.labelNames ?? [])], registers: [this.registry] });
  }
}
