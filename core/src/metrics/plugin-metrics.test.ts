import test from "ava";
import { Registry } from "prom-client";
import { pluginMetricPrefix, RegistryPluginMetrics } from "./plugin-metrics.js";

test("plugin metrics are prefixed with the plugin id, declared once, and refuse bad names", async (t) => {
  const registry = new Registry();
  const metrics = new RegistryPluginMetrics(registry, "my-plugin");
  t.is(pluginMetricPrefix("my-plugin"), "fdo_plugin_my_plugin_");
  metrics.counter({ name: "sent_total", help: "sent", labelNames: ["kind"] }).inc({ kind: "a" });
  metrics.counter({ name: "sent_total", help: "sent", labelNames: ["kind"] }).inc({ kind: "a" }, 2);
  metrics.gauge({ name: "queue", help: "queue" }).set(5);
  metrics.histogram({ name: "seconds", help: "time", buckets: [1, 2] }).observe(1.5);
  const text = await registry.metrics();
  t.true(text.includes('fdo_plugin_my_plugin_sent_total{kind="a"} 3'));
  t.true(text.includes("fdo_plugin_my_plugin_queue 5"));
  t.true(text.includes('fdo_plugin_my_plugin_seconds_bucket{le="2"} 1'));
  t.throws(() => metrics.counter({ name: "bad name", help: "x" }), { instanceOf: TypeError });
});
