// The demo environment of scripts/bench.mjs, in-process: throwaway slapd with the demo directory, SMTP sink and
// an orchestrator on a loopback port, logging nothing (log I/O would be measured too).
import { Writable } from "node:stream";
import { sandboxConfig, startSlapd, startSmtpSink } from "../../sdk/dist/testing.js";
import { createHost, createLogger, loadConfig } from "../../core/dist/index.js";

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

// Limits no benchmark reaches: throttling would otherwise turn logins into 429s.
const BENCH_CONFIG = {
  HTTP_PORT: "0",
  PLUGINS_BUILTIN: "FALSE",
  TOKEN_EXPIRY: "3600",
  AUTH_MAX_FAILURES: "1000",
  AUTH_IP_MAX_FAILURES: "10000",
  AUTH_FAILURE_DELAY_MS: "0",
};

/** Starts everything; `stop()` tears it all down, also when start-up failed halfway. */
export async function startEnvironment() {
  const stops = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error(`cleanup: ${error.message}`));
  };
  try {
    const slapd = await startSlapd({ demoData: true });
    stops.push(() => slapd.destroy());
    const smtp = await startSmtpSink();
    stops.push(() => smtp.stop());
    const config = await loadConfig({ file: "/dev/null", env: { ...sandboxConfig(slapd, smtp), ...BENCH_CONFIG } });
    const host = await createHost({ config, logger: createLogger({ level: "error", stream: discard() }) });
    stops.push(() => host.stop());
    return { url: await host.listen(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
