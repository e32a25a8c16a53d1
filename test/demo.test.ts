// `fusiondirectory-orchestrator demo` (what `npm run demo` runs), through the real CLI: the plugin settings from the
// environment, the printed way to add subtasks of a new type (run as printed), and life-cycle refreshes answered by
// the FusionDirectory stand-in.
import { type ChildProcessWithoutNullStreams, execFile } from "node:child_process";
import { promisify } from "node:util";
import test, { type ExecutionContext } from "ava";
import { pluginsOutsideRepo } from "./support/plugin-fixtures.js";
import { runCli, startCli } from "./support/run-cli.js";

const execFileAsync = promisify(execFile);
const DEMO_ACCOUNT = { username: "orchestrator", password: "orchestrator-secret" };

interface RunningDemo {
  readonly url: string;
  /** The start-up text, without the JSON log lines. */
  readonly guide: string[];
  readonly child: ChildProcessWithoutNullStreams;
}

/** Starts the demo and resolves once its start-up text is complete (it ends with the ldapmodify line). */
async function startDemo(t: ExecutionContext, env: Record<string, string>): Promise<RunningDemo> {
  const child = startCli(["demo"], { HTTP_PORT: "0", ...env });
  t.teardown(() => void child.kill("SIGKILL"));
  let output = "";
  const text = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/\| ldapmodify [^\n]*\n/.test(output)) resolve(output);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${output}`)));
  });
  const guide = text.split("\n").filter((line) => !line.startsWith("{"));
  const url = /API: +(http:\/\/\S+)\/api\/\.\.\./.exec(text)?.[1];
  if (url === undefined) throw new Error(`no API line: ${text}`);
  return { url, guide, child };
}

type Json = Record<string, unknown>;

async function call(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function logIn(url: string): Promise<string> {
  const login = await call("POST", `${url}/api/login`, undefined, DEMO_ACCOUNT);
  return login.body.access_token as string;
}

/** Stops the demo like Ctrl-C does and resolves with its exit code. */
function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

test("PLUGINS_DIR and PLUGINS_DISABLED apply; the printed ldapadd adds a due subtask of the plugin's type; life-cycle refreshes succeed", async (t) => {
  const pluginsDir = await pluginsOutsideRepo(t, ["echo"]);
  const demo = await startDemo(t, { PLUGINS_DIR: pluginsDir, PLUGINS_DISABLED: "mail", ECHO_GREETING: "from the environment" });

  t.true(demo.guide.includes("  plugins:      archive, audit, automatic-groups, extractor, lifecycle, notifications, reminder, echo"), demo.guide.join("\n"));
  t.true(demo.guide.some((line) => /^ {2}FusionDirectory stand-in: http:\/\/127\.0\.0\.1:\d+\/rest\.php\/v1/.test(line)));
  t.true(demo.guide.includes("Subtasks of a new type in the demo directory (fdTasksGranularType: Echo Object):"));
  const token = await logIn(demo.url);
  t.is((await call("PATCH", `${demo.url}/api/tasks/mail`, token)).status, 404);
  t.is((await call("PATCH", `${demo.url}/api/tasks/echo`, token)).body["greeting"], "from the environment");

  // The printed commands, run as printed: the heredoc from "ldapadd" to "EOF".
  const start = demo.guide.findIndex((line) => line.startsWith("ldapadd "));
  const end = demo.guide.indexOf("EOF", start);
  t.true(start >= 0 && end > start);
  await execFileAsync("bash", ["-c", demo.guide.slice(start, end + 1).join("\n")]);
  const listing = await call("GET", `${demo.url}/api/tasks/echo`, token);
  t.like(listing.body, { total: 1, subtasks: [{ cn: "demo-Echo-Object-SubTask-1", type: "Echo Object", state: "due" }] });
  t.true(demo.guide.includes(`curl -s -X PATCH -H "Authorization: Bearer $TOKEN" ${demo.url}/api/tasks/echo`));

  const lifeCycle = await call("PATCH", `${demo.url}/api/tasks/lifeCycle`, token);
  t.is(lifeCycle.status, 200);
  const refreshes = Object.values(lifeCycle.body as Record<string, { refreshUser?: string }>).flatMap((report) => (report.refreshUser === undefined ? [] : [report.refreshUser]));
  t.true(refreshes.length > 0);
  for (const refresh of refreshes) t.regex(refresh, /^User: uid=\w+,ou=people,dc=example,dc=org has been correctly refreshed\.$/);

  t.is(await stop(demo.child), 0);
});

test("PLUGINS_ENABLED loads only the plugins it names", async (t) => {
  const pluginsDir = await pluginsOutsideRepo(t, ["echo"]);
  const demo = await startDemo(t, { PLUGINS_DIR: pluginsDir, PLUGINS_ENABLED: "echo,lifecycle" });
  t.true(demo.guide.includes("  plugins:      lifecycle, echo"), demo.guide.join("\n"));
  t.is(await stop(demo.child), 0);
});

test("an id in PLUGINS_ENABLED or PLUGINS_DISABLED that no plugin has is refused with exit 78, naming it", async (t) => {
  const enabled = await runCli(["demo"], { HTTP_PORT: "0", PLUGINS_ENABLED: "mial" });
  t.is(enabled.code, 78);
  t.regex(enabled.stderr, /FDO_ERR_CONFIG_INVALID/);
  t.regex(enabled.stderr, /PLUGINS_ENABLED names mial, but no plugin has that id \(plugins found: archive, audit, automatic-groups, extractor, lifecycle, mail, notifications, reminder\)/);
  t.notRegex(enabled.stdout, /demo is running/);

  const disabled = await runCli(["demo"], { HTTP_PORT: "0", PLUGINS_DISABLED: "ehco" });
  t.is(disabled.code, 78);
  t.regex(disabled.stderr, /PLUGINS_DISABLED names ehco/);
});
