// The orchestrator under benchmark in its own process, as in production: the bench process (slapd, SMTP sink,
// clients, checks) is not measured with it. Talks to its parent over IPC: receives {env}, sends {url, token};
// answers "stats" with its peak resident set and the CPU time it used so far ({maxRssBytes, cpuSeconds}); "stop"
// stops the host and exits.
import { Writable } from "node:stream";
import { createHost, createLogger, loadConfig } from "../../core/dist/index.js";

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

let host;
process.on("message", async (message) => {
  if (message?.env !== undefined) {
    const config = await loadConfig({ file: "/dev/null", env: message.env });
    // Logging nothing: log I/O would be measured too.
    host = await createHost({ config, logger: createLogger({ level: "error", stream: discard() }) });
    process.send({ url: await host.listen(), token: host.tokens.accessToken("bench") });
  } else if (message === "stats") {
    const usage = process.resourceUsage();
    process.send({ maxRssBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 });
  } else if (message === "stop") {
    await host?.stop();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
