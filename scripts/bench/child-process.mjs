// A helper process of a bench (the service under test, the FusionDirectory stand-in), talked to over IPC: it sends
// one message once it is ready, answers each request with one message, and exits on "stop".
import { fork } from "node:child_process";
import { once } from "node:events";
import path from "node:path";

/**
 * Forks `script` (sending `hello` first when given) and resolves once it is ready: `ready` is its first message,
 * `ask(message)` resolves with its answer, `stop()` waits for it to exit. `BENCH_CPU_PROF_DIR` set: the process
 * writes a V8 CPU profile there when it exits.
 */
export async function startChild(script, hello) {
  const profile = process.env.BENCH_CPU_PROF_DIR;
  const child = fork(script, { execArgv: profile === undefined ? process.execArgv : [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${profile}`] });
  const exited = once(child, "exit");
  if (hello !== undefined) child.send(hello);
  const [ready] = await Promise.race([once(child, "message"), exited.then(([code]) => Promise.reject(new Error(`${path.basename(script)} exited (${code}) before it was ready`)))]);
  return {
    ready,
    async ask(message) {
      child.send(message);
      const [answer] = await once(child, "message");
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send("stop");
      await exited;
    },
  };
}
