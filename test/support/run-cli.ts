import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";

export const CLI = path.resolve("core/bin/fusiondirectory-orchestrator.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI binary to completion (bounded by `timeoutMs`). */
export function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 20000): Promise<CliResult> {
  return collect(startCli(args, env), timeoutMs);
}

/** Waits for a started process to exit (killing it after `timeoutMs`) and returns what it printed. */
export function collect(child: ChildProcessWithoutNullStreams, timeoutMs = 20000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`process did not exit within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the CLI binary; the caller owns the process. Only the given variables (plus PATH) are passed. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env["PATH"] ?? "", ...env } });
}

/**
 * Waits for a started service to log its `listening` line (rejecting after `timeoutMs`); resolves with its URL
 * and a view of everything it printed on stdout so far and later.
 */
export function untilListening(child: ChildProcessWithoutNullStreams, timeoutMs = 15000): Promise<{ url: string; output: () => string }> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${output}`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output });
      }
    });
  });
}
