// The demo environment of scripts/bench.mjs, in-process: throwaway slapd with the demo directory, SMTP sink and
// an orchestrator on a loopback port, logging nothing (log I/O would be measured too).
import path from "node:path";
import { Writable } from "node:stream";
import { createHost, createLogger, loadConfig, sandboxConfig, startSlapd, startSmtpSink } from "../../core/dist/index.js";

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

/**
 * Starts everything; `stop()` tears it all down, also when start-up failed halfway. `plugins` are plugin package
 * directories, `ldif` extra seed files, `config` extra keys.
 */
export async function startEnvironment({ plugins = [], ldif = [], config: extra = {}, smtp: smtpOverride } = {}) {
  const stops = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error(`cleanup: ${error.message}`));
  };
  try {
    const slapd = await startSlapd({ demoData: true, ldif });
    stops.push(() => slapd.destroy());
    const smtp = smtpOverride ?? (await startSmtpSink());
    stops.push(() => smtp.stop());
    const pluginsDir =
      plugins.length === 0 ? {} : { PLUGINS_DIR: [...new Set(plugins.map((dir) => path.dirname(path.resolve(dir))))].join(","), PLUGINS_ENABLED: plugins.map((dir) => path.basename(dir)).join(",") };
    const config = await loadConfig({ file: "/dev/null", env: { ...sandboxConfig(slapd, smtp), ...BENCH_CONFIG, ...pluginsDir, ...extra } });
    const host = await createHost({ config, logger: createLogger({ level: "error", stream: discard() }) });
    stops.push(() => host.stop());
    return { url: await host.listen(), stop, slapd, smtp, host };
  } catch (error) {
    await stop();
    throw error;
  }
}
