import { loadConfig } from "../config/load-config.js";
import { createHost } from "../host.js";
import { EXIT } from "./exit-codes.js";

/**
 * `check-config`: validates the configuration and loads the plugins exactly as `start` would (including their
 * init hooks), prints what loaded and what did not, and exits without listening.
 */
export async function checkConfig(configFile: string | undefined, write: (line: string) => void): Promise<number> {
  const loaded = await loadConfig(configFile === undefined ? {} : { file: configFile });
  const host = await createHost({ config: loaded, logger: silentLogger });
  try {
    write(`configuration ${loaded.file ?? "(environment only)"}: valid`);
    for (const warning of loaded.warnings) write(`warning: ${warning}`);
    for (const plugin of host.plugins.loaded) {
      const segments = (plugin.definition.taskTypes ?? []).map((taskType) => `/api/tasks/${taskType.segment}`).join(", ");
      write(`plugin ${plugin.id} ${plugin.version}: loaded${segments === "" ? "" : ` (${segments})`}`);
    }
    for (const plugin of host.plugins.skipped) write(`plugin ${plugin.id}: ${plugin.reason}`);
    for (const plugin of host.plugins.failed) write(`plugin ${plugin.id}: FAILED ${plugin.code}: ${plugin.reason}`);
    return host.plugins.failed.length > 0 ? EXIT.config : EXIT.ok;
  } finally {
    await host.stop();
  }
}

const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
