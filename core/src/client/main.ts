// Entry of the fusiondirectory-orchestrator-client binary (a drop-in for FusionDirectory's PHP client).
import { runClient } from "./run-client.js";

// A reader that went away (`| head`) must not abort a run that is sending mail: output errors are dropped.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second signal does not wait for the logout.
    if (controller.signal.aborted) process.exit(signal === "SIGTERM" ? 143 : 130);
    controller.abort(signal);
  });
}

process.exitCode = await runClient(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
