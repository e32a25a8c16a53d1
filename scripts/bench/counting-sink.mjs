// An SMTP sink in its own process for benchmarks: accepts every message and only counts it, so the measured
// process is the orchestrator, not a mail parser. Talks to its parent over IPC: sends {port}, answers "count".
import { SMTPServer } from "smtp-server";

let count = 0;
const server = new SMTPServer({
  disabledCommands: ["STARTTLS", "AUTH"],
  authOptional: true,
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on("end", () => {
      count += 1;
      callback();
    });
    stream.resume();
  },
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.server.address().port }));
process.on("message", (message) => {
  if (message === "count") process.send({ count });
  if (message === "stop") server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
