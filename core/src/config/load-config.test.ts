import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { loadConfig } from "./load-config.js";

// Made with openssl rand -base64 48.
const SECRET = "8zeXr6g4kDBVGB2Jd1DA4idJcoFkb8lxzfG+hmBVnxS3C6o9xbznmEHI0oBSDQu6";
const FIXTURE_PLUGINS = path.resolve("test/fixtures/plugins");

async function confFile(t: ExecutionContext, text: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "fdo-conf-"));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const file = path.join(directory, "orchestrator.conf");
  await writeFile(file, text);
  return file;
}

const UPSTREAM_1_1 = `
FD_LDAP_MASTER_URL="ldaps://ldap.example.org"
LDAP_BASE="dc=example,dc=org"
LDAP_ADMIN="cn=admin,dc=example,dc=org"
LDAP_PWD="admin-password"
LDAP_OU_DSA="ou=dsa,dc=example,dc=org"
DSA_LOGIN="orchestrator"
DSA_PASS="client-password"
FUSION_DIRECTORY_API_URL="https://fd.example.org/rest.php/v1"
WEB_LOGIN="fd-admin"
WEB_PASS="fd-password"
ORCHESTRATOR_API_URL="https://fd.example.org/orchestrator"
SECRET_KEY="${SECRET}"
TOKEN_EXPIRY="300"
REFRESH_EXPIRY="432000"
MAIL_AUTH="TRUE"
MAIL_USER="mailer"
MAIL_PASS="mail-password"
MAIL_HOST="smtp.example.org"
MAIL_SEC_VERIFY="TRUE"
MAIL_SEC="tls"
MAIL_PORT="587"
`;

const NEWEST = `
LDAP_URI="ldap://127.0.0.1:389"
LDAP_BASE="dc=example,dc=org"
LDAP_BIND_DN="cn=orchestrator,ou=services,dc=example,dc=org"
LDAP_PASSWORD="bind-password"
FUSIONDIRECTORY_WEBSERVICE_URL="https://fd.example.org/rest.php/v1"
FUSIONDIRECTORY_WEBSERVICE_LOGIN="fd-admin"
FUSIONDIRECTORY_WEBSERVICE_PASSWORD="fd-password"
SECRET_KEY="${SECRET}"
MAIL_DEBUG="FALSE"
MAIL_AUTH="FALSE"
MAIL_SEC_VERIFY="FALSE"
MAIL_SEC="tls"
MAIL_PORT="25"
`;

test("an orchestrator 1.1 configuration file loads with its old key names", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, UPSTREAM_1_1), env: {} });
  t.is(loaded.core.ldapUri, "ldaps://ldap.example.org");
  t.is(loaded.core.ldapBindDn, "cn=admin,dc=example,dc=org");
  t.is(loaded.core.ldapPassword, "admin-password");
  t.is(loaded.core.ldapDsaBranch, "ou=dsa,dc=example,dc=org");
  t.is(loaded.core.fdApiUrl, "https://fd.example.org/rest.php/v1");
  t.is(loaded.core.fdApiLogin, "fd-admin");
  t.is(loaded.core.mailPort, 587);
  t.is(loaded.core.mailSecurity, "tls");
  t.true(loaded.core.mailAuth);
  t.deepEqual(loaded.warnings, []);
});

test("a newest-generation configuration file loads with its new key names", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, NEWEST), env: {} });
  t.is(loaded.core.ldapUri, "ldap://127.0.0.1:389");
  t.is(loaded.core.ldapBindDn, "cn=orchestrator,ou=services,dc=example,dc=org");
  t.is(loaded.core.fdApiPassword, "fd-password");
  t.is(loaded.core.httpHost, "127.0.0.1");
  t.is(loaded.core.httpBasePath, "");
  t.deepEqual(loaded.warnings, [
    "MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified and STARTTLS is used only when the server offers it; " +
      "MAIL_TLS_INSECURE=TRUE is the explicit name for this (remove MAIL_SEC_VERIFY to verify certificates)",
  ]);
});

test("MAIL_TLS_INSECURE, when set, decides over upstream's MAIL_SEC_VERIFY, and says so", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, `${NEWEST}MAIL_TLS_INSECURE="FALSE"\n`), env: {} });
  t.deepEqual(loaded.warnings, ["MAIL_SEC_VERIFY=FALSE is ignored: MAIL_TLS_INSECURE is set and decides SMTP certificate verification"]);
});

test("environment variables override the file", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, NEWEST), env: { LDAP_URI: "ldaps://override.example.org", HTTP_PORT: "9999" } });
  t.is(loaded.core.ldapUri, "ldaps://override.example.org");
  t.is(loaded.core.httpPort, 9999);
  t.is(loaded.raw["LDAP_URI"], "ldaps://override.example.org");
});

interface ReportedProblems {
  readonly code?: string;
  readonly details?: { problems?: Array<{ key: string; message: string }>; warnings?: string[] };
}

async function refusal(t: ExecutionContext, text: string, env: Record<string, string> = {}): Promise<Required<NonNullable<ReportedProblems["details"]>> & { message: string }> {
  const error = await t.throwsAsync(loadConfig({ file: await confFile(t, text), env }));
  t.is((error as ReportedProblems).code, "FDO_ERR_CONFIG_INVALID");
  const details = (error as ReportedProblems).details ?? {};
  return { problems: details.problems ?? [], warnings: details.warnings ?? [], message: error?.message ?? "" };
}

test("every invalid value is named at once and secrets are never printed", async (t) => {
  const { problems, message } = await refusal(
    t,
    `LDAP_URI="http://not-ldap"\nLDAP_BASE="not a dn"\nLDAP_PASSWORD="p4ssw0rd-that-must-not-leak"\nSECRET_KEY="256_web_bit_key"\nHTTP_PORT="eighty"\nMAIL_AUTH="TRUE"\nMAIL_SEC="tls"\nHTTP_BASE_PATH="/orchestrator/"\n`,
  );
  t.deepEqual(problems.map((problem) => problem.key).sort(), ["HTTP_BASE_PATH", "HTTP_PORT", "LDAP_BASE", "LDAP_BIND_DN", "LDAP_URI", "MAIL_AUTH", "SECRET_KEY"]);
  const everything = `${message} ${JSON.stringify(problems)}`;
  t.false(everything.includes("256_web_bit_key"));
  t.false(everything.includes("p4ssw0rd-that-must-not-leak"));
});

test("one report: malformed lines, bad values, the signing key, cross-field rules and plugin settings together, with the warnings", async (t) => {
  const text = [
    'LDAP_URI="ldap://127.0.0.1"',
    'LDAP_BASE="dc=example,dc=org"',
    "LDAP_BIND_DN cn=admin,dc=example,dc=org",
    'LDAP_PASSWORD="never-shown"',
    `SECRET_KEY="${"x".repeat(40)}"`,
    'HTTP_PORT="eighty"',
    'MAIL_AUTH="TRUE"',
    'MAIL_SEC="tls"',
    'PLUGINS_BUILTIN="FALSE"',
    `PLUGINS_DIR="${FIXTURE_PLUGINS},/nonexistent/plugins"`,
    'PLUGINS_ENABLED="echo,mial"',
    'PLUGINS_DISABLED="echo"',
    'ECHO_REPEAT="9"',
    'PLUGIN_DIR="typo"',
  ].join("\n");
  const { problems, warnings } = await refusal(t, text);
  t.deepEqual(
    problems.map((problem) => problem.key),
    ["line 3", "LDAP_BIND_DN", "HTTP_PORT", "SECRET_KEY", "MAIL_AUTH", "PLUGINS_ENABLED", "PLUGINS_DIR", "PLUGINS_ENABLED"],
  );
  t.regex(problems[0]?.message ?? "", /orchestrator\.conf line 3 \(LDAP_BIND_DN \.\.\.\) is not KEY="value"/);
  t.regex(problems[3]?.message ?? "", /SECRET_KEY is not random: .*openssl rand -base64 48/);
  t.is(problems[6]?.message, "PLUGINS_DIR entry /nonexistent/plugins does not exist");
  t.regex(problems[7]?.message ?? "", /^PLUGINS_ENABLED names mial, but no plugin has that id \(plugins found: .*echo.*\)$/);
  t.true(warnings.some((warning) => /^PLUGIN_DIR is set but nothing reads it/.test(warning)));
  t.true(
    warnings.some((warning) => /^ECHO_REPEAT is set but nothing reads it/.test(warning)),
    "echo is disabled: nothing reads its key",
  );
});

test("the keys of a plugin that will load are validated with the rest, and are not unknown", async (t) => {
  const base = `${NEWEST}PLUGINS_BUILTIN="FALSE"\nPLUGINS_DIR="${FIXTURE_PLUGINS}"\nPLUGINS_ENABLED="echo"\n`;
  const { problems } = await refusal(t, `${base}ECHO_REPEAT="9"\nHTTP_PORT="-1"\n`);
  t.deepEqual(
    problems.map((problem) => problem.message),
    ['HTTP_PORT must be at least 0 (got "-1")', 'plugin echo: ECHO_REPEAT must be at most 5 (got "9")'],
  );
  const loaded = await loadConfig({ file: await confFile(t, `${base}ECHO_REPEAT="2"\n`), env: {} });
  t.false(loaded.warnings.some((warning) => warning.includes("ECHO_REPEAT")));
});

test("a PLUGINS_DIR naming a plugin instead of its parent, or a directory without plugins, is an error naming it", async (t) => {
  const echo = path.join(FIXTURE_PLUGINS, "echo");
  const empty = await mkdtemp(path.join(tmpdir(), "fdo-conf-empty-"));
  t.teardown(() => rm(empty, { recursive: true, force: true }));
  const { problems } = await refusal(t, `${NEWEST}PLUGINS_DIR="${echo},${empty}"\n`);
  t.deepEqual(
    problems.map((problem) => problem.message),
    [
      `PLUGINS_DIR entry ${echo} is a plugin package itself; PLUGINS_DIR names the directory that holds plugin packages, here ${FIXTURE_PLUGINS}`,
      `PLUGINS_DIR entry ${empty} holds no plugin package (a sub-directory whose package.json has an fdOrchestrator manifest)`,
    ],
  );
});

test("PLUGINS_DISABLED naming no plugin is an error; the built-in ids count", async (t) => {
  const { problems } = await refusal(t, `${NEWEST}PLUGINS_DISABLED="audit,reminders"\n`);
  t.deepEqual(
    problems.map((problem) => problem.key),
    ["PLUGINS_DISABLED"],
  );
  t.regex(
    problems[0]?.message ?? "",
    /^PLUGINS_DISABLED names reminders, but no plugin has that id \(plugins found: archive, audit, automatic-groups, extractor, lifecycle, mail, notifications, reminder\)$/,
  );
});

test("cross-field problems are reported even when other keys are invalid", async (t) => {
  const { problems } = await refusal(t, `${NEWEST}\nLDAP_URI="http://not-ldap"\nMAIL_AUTH="TRUE"\nPLUGINS_ENABLED="mail"\nPLUGINS_DISABLED="mail,audit"\n`);
  t.deepEqual(
    problems.map((problem) => problem.key),
    ["LDAP_URI", "MAIL_AUTH", "PLUGINS_ENABLED"],
  );
});

test("the example file's placeholder SECRET_KEY is refused with how to make one", async (t) => {
  const { problems } = await refusal(t, NEWEST.replace(`SECRET_KEY="${SECRET}"`, 'SECRET_KEY="replace with the output of: openssl rand -base64 48"'));
  t.deepEqual(problems, [{ key: "SECRET_KEY", message: "SECRET_KEY is a published placeholder, not a secret; make one with: openssl rand -base64 48" }]);
});

test("a quoted value running over several lines is a warning naming its key and lines", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, `${NEWEST}MAIL_HOST="smtp.example.org\nMAIL_PORT=587"\n`), env: {} });
  t.true(loaded.warnings.some((warning) => / lines 15-16: the quoted value of MAIL_HOST spans several lines \(a missing closing quote\?\)$/.test(warning)));
  t.is(loaded.core.mailPort, 25, "MAIL_PORT went into MAIL_HOST's value");
});

test("an explicitly named file that does not exist is an error; the default one may be absent", async (t) => {
  const error = await t.throwsAsync(loadConfig({ file: "/nonexistent/orchestrator.conf", env: {} }));
  t.is((error as { code?: string }).code, "FDO_ERR_CONFIG_FILE_UNREADABLE");
  const fromEnv = await loadConfig({ env: { LDAP_URI: "ldap://127.0.0.1", LDAP_BASE: "dc=example,dc=org", LDAP_BIND_DN: "cn=a,dc=example,dc=org", LDAP_PASSWORD: "x", SECRET_KEY: SECRET } });
  t.is(fromEnv.file, undefined);
  t.is(fromEnv.core.ldapBase, "dc=example,dc=org");
});

test("keys upstream declared but never used are accepted, with a warning when set", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, NEWEST.replace('MAIL_DEBUG="FALSE"', 'MAIL_DEBUG="TRUE"')), env: {} });
  t.true(loaded.core.mailDebug);
  t.regex(loaded.warnings.join("\n"), /MAIL_DEBUG is accepted for compatibility and ignored/);
});
