import { loadConfig } from "../config/load-config.js";
import { createHost, type Host } from "../host.js";
import { EXIT } from "./exit-codes.js";

/** Stops the host on SIGTERM/SIGINT; a second signal exits at once. */
export function stopOnSignals(host: Host, exit: (code: number) => void): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) {
      exit(EXIT.failure);
      return;
    }
    stopping = true;
    host.stop().then(
      () => exit(EXIT.ok),
      () => exit(EXIT.failure),
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** `start`: load configuration, build the host, listen until a signal. */
export async function runService(configFile: string | undefined): Promise<void> {
  const host = await createHost({ config: await loadConfig(configFile === undefined ? {} : { file: configFile }) });
  stopOnSignals(host, (code) => process.exit(code));
  await host.listen();
}
