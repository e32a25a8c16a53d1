import path from "node:path";
import { loadConfig } from "../config/load-config.js";
import type { RawConfig } from "../config/validate-config.js";
import { createHost, type Host } from "../host.js";
import { ensureSlapdInstalled, fakeFusionDirectoryConfig, sandboxConfig, startFakeFusionDirectory, startSlapd, startSmtpSink } from "../sandbox/index.js";
import { demoGuide } from "./demo-guide.js";
import { stopOnSignals } from "./run-service.js";

const DEMO_PORT = 8080;

/**
 * `demo`: a throwaway slapd with the demo directory, an in-process SMTP sink, a FusionDirectory REST stand-in and the
 * service, all on loopback. The environment applies as it does to the service, checks included (PLUGINS_DIR,
 * PLUGINS_ENABLED, PLUGINS_DISABLED, a plugin's keys, HTTP_PORT, LOG_LEVEL...), except the keys that point at the
 * sandbox. Installs slapd first when it is missing and we are root. Everything is thrown away on Ctrl-C.
 */
export async function runDemo(write: (line: string) => void, environment: RawConfig = process.env): Promise<void> {
  await ensureSlapdInstalled();
  const slapd = await startSlapd();
  const sink = await startSmtpSink();
  const fusionDirectory = await startFakeFusionDirectory();
  const stopSandbox = async () => void (await Promise.allSettled([sink.stop(), fusionDirectory.stop(), slapd.destroy()]));
  let host: Host | undefined;
  let url: string;
  try {
    const env = {
      ...environment,
      ...sandboxConfig(slapd, sink),
      ...fakeFusionDirectoryConfig(fusionDirectory),
      HTTP_PORT: environment["HTTP_PORT"] ?? String(DEMO_PORT),
      LOG_LEVEL: environment["LOG_LEVEL"] ?? "info",
    };
    host = await createHost({ config: await loadConfig({ file: "/dev/null", env }) });
    url = await host.listen();
  } catch (error) {
    await Promise.allSettled([host?.stop(), stopSandbox()]);
    throw error;
  }
  const running = host;
  stopOnSignals({ ...running, stop: async () => void (await Promise.allSettled([running.stop(), stopSandbox()])) }, (code) => process.exit(code));
  const guide = demoGuide({
    url,
    ldap: slapd,
    smtp: sink,
    fusionDirectory: fusionDirectory.apiUrl,
    plugins: running.plugins.loaded,
    pluginsDirs: running.config.pluginsDirs.map((dir) => path.resolve(dir)),
  });
  for (const line of guide) write(line);
}
