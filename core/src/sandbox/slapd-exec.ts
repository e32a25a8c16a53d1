// Running the OpenLDAP tools once (apt-get, slapadd) and explaining their failures.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const OUTPUT_LIMIT = 16_384;

/** Runs `file` to completion and resolves with its output; rejects with the command and the tail of its output. */
export function run(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(" ")} failed: ${error.message}\n${tail(`${stdout}${stderr}`)}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

/** A line to append to a failure message when AppArmor enforces a slapd profile (the likely cause); else "". */
export function appArmorHint(): string {
  try {
    const profiles = readFileSync("/sys/kernel/security/apparmor/profiles", "utf8");
    if (/slapd.*\(enforce\)/.test(profiles)) {
      return "\nAppArmor confines slapd to its system directories; for tests run e.g. `sudo aa-complain /usr/sbin/slapd` (package apparmor-utils).";
    }
  } catch {
    // no AppArmor
  }
  return "";
}

/** The end of a tool's output, short enough for an error message. */
export function tail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
}
