// The environment of a bench suite: throwaway slapd with the demo directory (durable unless --nosync, with its
// monitor backend to count the writes a run makes), an SMTP sink, and the orchestrator in its own process on a
// loopback port.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "ldapts";
import { sandboxConfig, startSlapd, startSmtpSink } from "../../core/dist/index.js";
import { startChild } from "./child-process.mjs";

// Limits no benchmark reaches: throttling would otherwise turn logins into 429s.
const BENCH_CONFIG = {
  HTTP_PORT: "0",
  PLUGINS_BUILTIN: "FALSE",
  TOKEN_EXPIRY: "3600",
  AUTH_MAX_FAILURES: "1000",
  AUTH_IP_MAX_FAILURES: "10000",
  AUTH_FAILURE_DELAY_MS: "0",
};

// Write operations as slapd's monitor backend counts them (completed, whoever asked).
const WRITE_OPERATIONS = new Set(["Add", "Modify", "Modrdn", "Delete"]);

/** slapd.conf lines: the monitor backend, readable by the rootdn only. */
const monitorConfig = (rootDn) => `database monitor\naccess to * by dn.exact="${rootDn}" read by * none`;

/** Write operations slapd has completed so far. */
async function completedWrites(slapd) {
  const client = new Client({ url: slapd.url });
  try {
    await client.bind(slapd.rootDn, slapd.rootPassword);
    const { searchEntries } = await client.search("cn=Operations,cn=Monitor", { scope: "one", attributes: ["cn", "monitorOpCompleted"] });
    return searchEntries.filter((entry) => WRITE_OPERATIONS.has(String(entry.cn))).reduce((sum, entry) => sum + Number(entry.monitorOpCompleted), 0);
  } finally {
    await client.unbind();
  }
}

/** The orchestrator in a child process. */
async function startService(env) {
  const child = await startChild(fileURLToPath(new URL("./service-process.mjs", import.meta.url)), { env });
  return {
    ...child.ready,
    /** `{maxRssBytes, cpuSeconds}` of the service process so far. */
    stats: () => child.ask("stats"),
    stop: () => child.stop(),
  };
}

/**
 * Starts everything; `stop()` tears it all down, also when start-up failed halfway. `plugins` are plugin package
 * directories, `ldif` extra seed files, `config` extra keys; `durable: false` skips slapd's disk syncs.
 */
export async function startEnvironment({ plugins = [], ldif = [], config: extra = {}, smtp: smtpOverride, durable = true } = {}) {
  const stops = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error(`cleanup: ${error.message}`));
  };
  try {
    const slapd = await startSlapd({ demoData: true, ldif, durable, extraConfig: monitorConfig("cn=admin,dc=example,dc=org") });
    stops.push(() => slapd.destroy());
    const smtp = smtpOverride ?? (await startSmtpSink());
    stops.push(() => smtp.stop());
    const pluginsDir =
      plugins.length === 0 ? {} : { PLUGINS_DIR: [...new Set(plugins.map((dir) => path.dirname(path.resolve(dir))))].join(","), PLUGINS_ENABLED: plugins.map((dir) => path.basename(dir)).join(",") };
    const service = await startService({ ...sandboxConfig(slapd, smtp), ...BENCH_CONFIG, ...pluginsDir, ...extra });
    stops.push(() => service.stop());
    return { url: service.url, token: service.token, stop, slapd, smtp, durable, stats: service.stats, writes: () => completedWrites(slapd) };
  } catch (error) {
    await stop();
    throw error;
  }
}
