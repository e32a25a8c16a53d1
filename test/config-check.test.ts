// Configuration mistakes through the real binary: each one is named with exit 78 and the service does not start;
// warnings are printed by check-config and logged at start-up; upstream's own file layouts keep loading.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { TEST_SECRET } from "./support/host-config.js";
import { pluginsOutsideRepo } from "./support/plugin-fixtures.js";
import { runCli, startCli, untilListening } from "./support/run-cli.js";
import { scratchDir } from "./support/scratch-dir.js";

const UPSTREAM_1_1 = path.resolve("test/fixtures/config/upstream-1.1.conf");
const UPSTREAM_NEWEST = path.resolve("test/fixtures/config/upstream-newest.conf");

const BASE_LINES = [
  'LDAP_URI="ldap://127.0.0.1:1"',
  'LDAP_BASE="dc=example,dc=org"',
  'LDAP_BIND_DN="cn=fdo-service,ou=services,dc=example,dc=org"',
  'LDAP_PASSWORD="bind-password-never-printed"',
  'HTTP_PORT="0"',
  'PLUGINS_BUILTIN="FALSE"',
];

/** A configuration file of the base lines, a valid signing key unless `lines` sets one, and `lines`. */
async function confFile(t: ExecutionContext, lines: readonly string[]): Promise<string> {
  const file = path.join(await scratchDir(t, "fdo-config-check"), "orchestrator.conf");
  const secret = lines.some((line) => line.startsWith("SECRET_KEY=")) ? [] : [`SECRET_KEY="${TEST_SECRET}"`];
  await writeFile(file, [...BASE_LINES, ...secret, ...lines].join("\n"));
  return file;
}

type Mistake = readonly [label: string, lines: (t: ExecutionContext) => Promise<string[]>, expected: RegExp | string];

const pluginsDir = (t: ExecutionContext): Promise<string> => pluginsOutsideRepo(t, ["echo"]);
const mistakes: readonly Mistake[] = [
  ["a line that is not KEY=value", async () => ["MAIL_HOST smtp.example.org"], /orchestrator\.conf line 8 \(MAIL_HOST \.\.\.\) is not KEY="value"/],
  ["a quote that does not close", async () => ['MAIL_HOST="smtp.example.org'], /line 8: the quote opening the value of MAIL_HOST is not closed at the end of a line/],
  ["a bad value", async () => ['MAIL_PORT="twenty-five"'], 'MAIL_PORT must be an integer (got "twenty-five")'],
  ["a cross-field mistake", async () => ['MAIL_AUTH="TRUE"', 'MAIL_SEC="tls"'], "MAIL_AUTH is TRUE but MAIL_USER or MAIL_PASS is missing"],
  [
    "the example file's placeholder signing key",
    async () => ['SECRET_KEY="replace with the output of: openssl rand -base64 48"'],
    "SECRET_KEY is a published placeholder, not a secret; make one with: openssl rand -base64 48",
  ],
  ["upstream's sample signing key", async () => ['SECRET_KEY="256_web_bit_key"'], "SECRET_KEY is a published placeholder, not a secret; make one with: openssl rand -base64 48"],
  ["a signing key that is not random", async () => [`SECRET_KEY="${"ab".repeat(24)}"`], "SECRET_KEY is not random: it uses fewer than 10 distinct characters; make one with: openssl rand -base64 48"],
  ["a PLUGINS_DIR that does not exist", async () => ['PLUGINS_DIR="/nonexistent/plugins"'], "PLUGINS_DIR entry /nonexistent/plugins does not exist"],
  [
    "a PLUGINS_DIR naming a plugin instead of its parent",
    async (t) => [`PLUGINS_DIR="${path.join(await pluginsDir(t), "echo")}"`],
    /PLUGINS_DIR entry (\S+)\/echo is a plugin package itself; PLUGINS_DIR names the directory that holds plugin packages, here \1\n/,
  ],
  ["a PLUGINS_DIR without plugins", async (t) => [`PLUGINS_DIR="${await scratchDir(t, "fdo-no-plugins")}"`], /PLUGINS_DIR entry \S+ holds no plugin package/],
  [
    "a PLUGINS_ENABLED id matching no plugin",
    async (t) => [`PLUGINS_DIR="${await pluginsDir(t)}"`, 'PLUGINS_ENABLED="ecoh"'],
    "PLUGINS_ENABLED names ecoh, but no plugin has that id (plugins found: echo)",
  ],
  [
    "a PLUGINS_DISABLED id matching no plugin",
    async (t) => [`PLUGINS_DIR="${await pluginsDir(t)}"`, 'PLUGINS_DISABLED="audti"'],
    "PLUGINS_DISABLED names audti, but no plugin has that id (plugins found: echo)",
  ],
  ["a plugin key with a bad value", async (t) => [`PLUGINS_DIR="${await pluginsDir(t)}"`, 'ECHO_REPEAT="9"'], 'plugin echo: ECHO_REPEAT must be at most 5 (got "9")'],
];

// One process at a time in this file: a dozen CLI start-ups at once on a small CI machine would only measure its
// load.
for (const [label, lines, expected] of mistakes) {
  test.serial(`check-config: ${label} exits 78 and is named`, async (t) => {
    const result = await runCli(["check-config", "--config", await confFile(t, await lines(t))]);
    t.is(result.code, 78, result.stdout + result.stderr);
    t.regex(result.stderr, /^fusiondirectory-orchestrator: FDO_ERR_CONFIG_INVALID: 1 problem\(s\)\n/);
    if (typeof expected === "string") t.true(result.stderr.includes(`  - ${expected}\n`), result.stderr);
    else t.regex(result.stderr, expected);
    t.false(result.stderr.includes("bind-password-never-printed"));
  });
}

test.serial("every mistake comes in one report, with the warnings; the service does not start", async (t) => {
  const file = await confFile(t, [
    "MAIL_HOST smtp.example.org",
    'MAIL_PORT="twenty-five"',
    'MAIL_AUTH="TRUE"',
    'MAIL_SEC="tls"',
    'SECRET_KEY="256_web_bit_key"',
    `PLUGINS_DIR="${await pluginsDir(t)},/nonexistent/plugins"`,
    'PLUGINS_ENABLED="echo,ecoh"',
    'ECHO_REPEAT="9"',
    'PLUGINS_DRI="/var/lib/plugins"',
  ]);
  for (const command of [["check-config"], []]) {
    const result = await runCli([...command, "--config", file]);
    t.is(result.code, 78);
    t.is(result.stdout, "", "nothing loaded, nothing listened");
    const lines = result.stderr.trim().split("\n");
    t.is(lines[0], "fusiondirectory-orchestrator: FDO_ERR_CONFIG_INVALID: 7 problem(s)");
    t.regex(lines[1] ?? "", /line 7 \(MAIL_HOST \.\.\.\) is not KEY="value"/);
    t.deepEqual(lines.slice(2), [
      '  - MAIL_PORT must be an integer (got "twenty-five")',
      "  - SECRET_KEY is a published placeholder, not a secret; make one with: openssl rand -base64 48",
      "  - MAIL_AUTH is TRUE but MAIL_USER or MAIL_PASS is missing",
      "  - PLUGINS_DIR entry /nonexistent/plugins does not exist",
      "  - PLUGINS_ENABLED names ecoh, but no plugin has that id (plugins found: echo)",
      '  - plugin echo: ECHO_REPEAT must be at most 5 (got "9")',
      "warning: PLUGINS_DRI is set but nothing reads it (a typo, or a key of a plugin that is not loaded?)",
    ]);
  }
});

test.serial("check-config prints the warnings of a valid configuration: unknown keys and upstream's MAIL_SEC_VERIFY", async (t) => {
  const result = await runCli(["check-config", "--config", await confFile(t, ['PLUGINS_DRI="/var/lib/plugins"', 'MAIL_SEC_VERIFY="FALSE"', 'MAIL_SEC="tls"'])]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /: valid\n/);
  t.regex(
    result.stdout,
    /\nwarning: MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified and STARTTLS is used only when the server offers it; MAIL_TLS_INSECURE=TRUE is the explicit name for this/,
  );
  t.regex(result.stdout, /\nwarning: PLUGINS_DRI is set but nothing reads it/);
});

test.serial("upstream's sample layouts load as they are, with a real signing key", async (t) => {
  const release11 = await runCli(["check-config", "--config", UPSTREAM_1_1]);
  t.is(release11.code, 0, release11.stderr);
  t.false(release11.stdout.includes("warning:"), release11.stdout);
  t.regex(release11.stdout, /plugin mail \S+: loaded/);
  const newest = await runCli(["check-config", "--config", UPSTREAM_NEWEST]);
  t.is(newest.code, 0, newest.stderr);
  t.deepEqual(
    newest.stdout.split("\n").filter((line) => line.startsWith("warning:")),
    [
      "warning: MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified and STARTTLS is used only when the server offers it; " +
        "MAIL_TLS_INSECURE=TRUE is the explicit name for this (remove MAIL_SEC_VERIFY to verify certificates)",
    ],
  );
});

test.serial("the service logs the MAIL_SEC_VERIFY warning at start-up", async (t) => {
  const child = startCli(["--config", UPSTREAM_NEWEST], { HTTP_PORT: "0", PLUGINS_BUILTIN: "FALSE" });
  t.teardown(() => child.kill("SIGKILL"));
  const { output } = await untilListening(child);
  const warnings = output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level === 40)
    .map((entry) => entry.msg);
  t.true(
    warnings.some((message) => message.startsWith("MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified")),
    output(),
  );
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  child.kill("SIGTERM");
  t.is(await exited, 0);
});
