// Measurement helpers for scripts/bench.mjs: a bounded concurrency pool and latency statistics.
import { performance } from "node:perf_hooks";

/** Nearest-rank percentile of an ascending array (ms). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Runs `request` `count` times with at most `concurrency` in flight. Stops launching once `signal` aborts, so a
 * slow case cannot exceed the overall cap; requests that throw (aborted, refused) count as non-2xx.
 */
export async function measure({ count, concurrency, request, signal }) {
  const latencies = [];
  let launched = 0;
  let failed = 0;
  const worker = async () => {
    while (launched < count && !signal.aborted) {
      launched += 1;
      const started = performance.now();
      const ok = await request(signal).then(
        (status) => status >= 200 && status < 300,
        () => false,
      );
      latencies.push(performance.now() - started);
      if (!ok) failed += 1;
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failed,
    // The load generator shares the machine: what it took is not the service's.
    clientBusy: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

/** The result rows as an aligned text table. */
export function formatTable(rows) {
  const header = ["case", "requests", "requests/s", "p50 ms", "p99 ms", "non-2xx", "bench client CPU"];
  const cells = rows.map((row) => [row.name, String(row.requests), row.perSecond.toFixed(1), row.p50.toFixed(2), row.p99.toFixed(2), String(row.failed), `${(row.clientBusy * 100).toFixed(0)}%`]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell) => cell.map((value, column) => (column === 0 ? value.padEnd(widths[column]) : value.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...cells.map(line)].join("\n");
}
