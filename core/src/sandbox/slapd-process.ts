// The slapd child process: launching it on a port, waiting until it answers, terminating it, and
// cleaning up after a process that forgot to.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import net, { type Socket } from "node:net";
import { Client } from "ldapts";
import { ROOT_DN, ROOT_PASSWORD } from "./slapd-config.js";
import { appArmorHint, tail } from "./slapd-exec.js";
import { findExecutable, requireExecutable } from "./slapd-paths.js";

const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();
/** Data dirs that startSlapd created in the temp dir: the exit hook deletes those still listed. */
export const ownedDataDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * A test that forgets destroy() must neither hang nor leave slapd behind: children are unref'd (see
 * launch), so the process can end, and this hook then kills them and removes the temp dirs we created.
 */
export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
    for (const dir of ownedDataDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

/** Why {@link launch} failed; `portInUse` when another process took the port first. */
export class SlapdStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
    this.name = "SlapdStartError";
  }
}

/** Runs slapd in the foreground (-d), so it stays our child: it can be waited for and is never left as a zombie. */
export async function launch(configFile: string, port: number): Promise<ChildProcess> {
  const slapd = requireExecutable("slapd");
  const url = `ldap://127.0.0.1:${port}/`;
  // "-d none" keeps slapd in the foreground and prints only its unconditional messages (errors, "slapd starting").
  const slapdArgs = ["-d", "none", "-h", url, "-f", configFile];
  // setpriv --pdeathsig: the kernel kills slapd when the thread that spawned it dies, even on SIGKILL of node.
  const setpriv = findExecutable("setpriv");
  const [command, args] = setpriv === undefined ? [slapd, slapdArgs] : [setpriv, ["--pdeathsig", "KILL", "--", slapd, ...slapdArgs]];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = tail(output + chunk.toString("utf8"));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    const done = (reason: string) => {
      running.delete(child);
      exitReason ??= reason;
      resolve();
    };
    child.once("exit", (code, signal) => done(signal === null ? `exit code ${code ?? "?"}` : `signal ${signal}`));
    child.once("error", (error) => done(`spawn error: ${error.message}`));
  });

  let failure: string | undefined;
  const probing = new AbortController();
  try {
    await Promise.race([waitUntilAnswering(port, probing.signal), exited]);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    probing.abort(); // a probe still in flight after slapd died must not linger
  }
  if (failure === undefined && exitReason === undefined) {
    // A running slapd alone must not keep the event loop (and so a forgetful test process) alive.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref();
    return child;
  }
  const reason = exitReason ?? failure;
  if (exitReason === undefined) {
    child.kill("SIGKILL");
    await exited;
  }
  throw new SlapdStartError(`slapd failed to start on 127.0.0.1:${port} (${reason}); its output:\n${output.trim() || "(none)"}${appArmorHint()}`, /Address already in use|errno=98/.test(output));
}

/** Resolves once the rootdn can bind (which also proves the database opened); gives up when aborted. */
async function waitUntilAnswering(port: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (signal.aborted) throw new Error("aborted");
    // unbind() only ends our half of the connection: destroy the probe socket ourselves so a peer
    // that never answers cannot keep it (and the event loop) alive.
    let socket: Socket | undefined;
    const client = new Client({
      url: `ldap://127.0.0.1:${port}`,
      timeout: 2000,
      connectTimeout: 1000,
      createConnection: ((...args: Parameters<typeof net.connect>) => (socket = net.connect(...args))) as typeof net.connect,
    });
    const abort = () => socket?.destroy();
    signal.addEventListener("abort", abort);
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return;
    } catch (error) {
      if (signal.aborted) throw new Error("aborted");
      if (Date.now() > deadline) throw new Error(`no answer within ${READY_TIMEOUT_MS} ms: ${(error as Error).message}`);
    } finally {
      signal.removeEventListener("abort", abort);
      await client.unbind().catch(() => undefined);
      socket?.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stops slapd with SIGTERM, SIGKILL after a grace period; resolves when it has exited. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.ref(); // keep the loop alive until the exit is seen
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === "late") {
    child.kill("SIGKILL");
    await exited;
  }
}
