// An unpacked release, started the way an admin does: `bin/fusiondirectory-orchestrator --config FILE` against a
// throwaway slapd (the release's own sandbox) and SMTP sink on 127.0.0.1, from a directory outside any checkout.
// Checks readiness, logs in, runs a task type from PLUGINS_DIR and the built-in mail task, then stops it with SIGTERM.
// Used by scripts/ci/release-check.mjs (the archive) and test/release-layout.test.ts (the assembled folder).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const START_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 60_000;
/** The demo directory's API account (core/ldap/demo.ldif). */
const DEMO_ACCOUNT = { username: "orchestrator", password: "orchestrator-secret" };

/** Resolves with the URL the service logs once it listens; rejects if it exits or stays silent. */
function listeningUrl(child, output) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not listen within ${START_TIMEOUT_MS} ms:\n${output.text}`)), START_TIMEOUT_MS);
    child.stdout.on("data", () => {
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"listening"/.exec(output.text);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code} before listening:\n${output.text}`));
    });
  });
}

async function call(method, url, { token, body } = {}) {
  const headers = { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

function expect(condition, what, detail) {
  if (!condition) throw new Error(`${what}: ${JSON.stringify(detail)}`);
}

/** Sends SIGTERM and resolves with the exit code. */
function stop(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  child.kill("SIGTERM");
  return exited;
}

/**
 * Runs the release in `release` from `workDir` (config file written there). `pluginsDir` holds the outside plugin,
 * `ldif` seeds its due subtask, `taskType` is its segment. Resolves with what it saw; throws on the first failure.
 * slapd, the sink and the service are gone when it settles.
 */
export async function smokeTest({ release, workDir, pluginsDir, ldif, taskType }) {
  const sandbox = await import(pathToFileURL(path.join(release, "core/dist/index.js")).href);
  const slapd = await sandbox.startSlapd({ ldif });
  const sink = await sandbox.startSmtpSink();
  const output = { text: "" };
  let child;
  try {
    const configFile = path.join(workDir, "orchestrator.conf");
    const config = { ...sandbox.sandboxConfig(slapd, sink), HTTP_PORT: "0", PLUGINS_DIR: pluginsDir, LOG_LEVEL: "info" };
    writeFileSync(configFile, Object.entries(config).map(([key, value]) => `${key}="${value}"\n`).join(""), { mode: 0o600 });
    child = spawn(path.join(release, "bin/fusiondirectory-orchestrator"), ["--config", configFile], { cwd: workDir, env: { PATH: process.env["PATH"] ?? "" } });
    child.stdout.on("data", (chunk) => (output.text += chunk));
    child.stderr.on("data", (chunk) => (output.text += chunk));
    const url = await listeningUrl(child, output);

    const ready = await call("GET", `${url}/health/ready`);
    expect(ready.status === 200 && ready.body.status === "ready", "GET /health/ready", ready);
    const login = await call("POST", `${url}/api/login`, { body: DEMO_ACCOUNT });
    expect(login.status === 200 && typeof login.body.access_token === "string", "POST /api/login", login.status);
    const token = login.body.access_token;

    const plugin = await call("PATCH", `${url}/api/tasks/${taskType}`, { token });
    expect(plugin.status === 200, `PATCH /api/tasks/${taskType}`, plugin);
    const listing = await call("GET", `${url}/api/tasks/${taskType}`, { token });
    expect(listing.status === 200 && listing.body.subtasks.length > 0 && listing.body.subtasks.every((subtask) => subtask.state === "done"), `GET /api/tasks/${taskType}`, listing);

    const mail = await call("PATCH", `${url}/api/tasks/mail`, { token });
    expect(mail.status === 200 && mail.body.summary?.succeeded > 0, "PATCH /api/tasks/mail", mail);
    const mails = await sink.waitForMessages(mail.body.summary.succeeded);

    const exit = await stop(child);
    expect(exit === 0, "exit code after SIGTERM", { exit, output: output.text.slice(-2000) });
    return { url, pluginSubtasks: listing.body.subtasks.length, mailsSent: mails.length, log: output.text };
  } finally {
    if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
    await Promise.allSettled([sink.stop(), slapd.destroy()]);
  }
}

/** A main task and one due subtask of type `segment`, for a plugin built from the scaffold. */
export function probeLdif(segment) {
  const main = `cn=${segment}-release-check,ou=tasks,dc=example,dc=org`;
  return `dn: ${main}
objectClass: top
objectClass: fdTasks
cn: ${segment}-release-check
fdTasksStatus: 1
fdTasksCreationDate: 2020-01-01 08:00:00am

dn: cn=${segment}-release-check-SubTask-1,ou=tasks,dc=example,dc=org
objectClass: top
objectClass: fdTasksGranular
cn: ${segment}-release-check-SubTask-1
fdTasksGranularMaster: ${main}
fdTasksGranularType: ${segment}
fdTasksGranularSchedule: 20200101080000Z
fdTasksGranularStatus: 1
fdTasksGranularDN: uid=alice,ou=people,dc=example,dc=org
`;
}
