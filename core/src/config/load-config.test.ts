import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { loadConfig } from "./load-config.js";

const SECRET = "0123456789abcdef0123456789abcdef-secret";

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
  t.regex(loaded.warnings.join("\n"), /MAIL_SEC_VERIFY=FALSE no longer disables certificate checks/);
});

test("environment variables override the file", async (t) => {
  const loaded = await loadConfig({ file: await confFile(t, NEWEST), env: { LDAP_URI: "ldaps://override.example.org", HTTP_PORT: "9999" } });
  t.is(loaded.core.ldapUri, "ldaps://override.example.org");
  t.is(loaded.core.httpPort, 9999);
  t.is(loaded.raw["LDAP_URI"], "ldaps://override.example.org");
});

test("every invalid value is named at once and secrets are never printed", async (t) => {
  const file = await confFile(t, `LDAP_URI="http://not-ldap"\nLDAP_BASE="not a dn"\nLDAP_PASSWORD="p4ssw0rd-that-must-not-leak"\nSECRET_KEY="256_web_bit_key"\nHTTP_PORT="eighty"\nMAIL_AUTH="TRUE"\nHTTP_BASE_PATH="/orchestrator/"\n`);
  const error = await t.throwsAsync(loadConfig({ file, env: {} }));
  t.is((error as { code?: string }).code, "FDO_ERR_CONFIG_INVALID");
  const problems = (error as { details?: { problems?: Array<{ key: string; message: string }> } }).details?.problems ?? [];
  t.deepEqual(problems.map((problem) => problem.key).sort(), ["HTTP_BASE_PATH", "HTTP_PORT", "LDAP_BASE", "LDAP_BIND_DN", "LDAP_URI", "SECRET_KEY"]);
  const everything = `${error?.message} ${JSON.stringify(problems)}`;
  t.false(everything.includes("256_web_bit_key"));
  t.false(everything.includes("p4ssw0rd-that-must-not-leak"));
});

test("cross-field problems are reported once the keys themselves are valid", async (t) => {
  const error = await t.throwsAsync(loadConfig({ file: await confFile(t, `${NEWEST}\nMAIL_AUTH="TRUE"\nPLUGINS_ENABLED="mail"\nPLUGINS_DISABLED="mail,audit"\n`), env: {} }));
  const keys = ((error as { details?: { problems?: Array<{ key: string }> } }).details?.problems ?? []).map((problem) => problem.key);
  t.deepEqual(keys, ["MAIL_AUTH", "PLUGINS_ENABLED"]);
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
