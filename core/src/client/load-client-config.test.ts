import test from "ava";
import { CLIENT_CONFIG_FILE, ClientConfigError, DEFAULT_LOG_FILE, loadClientConfig, SERVER_CONFIG_FILE } from "./load-client-config.js";
import { parseClientArgs } from "./parse-args.js";

function files(contents: Record<string, string>) {
  return async (file: string): Promise<string> => {
    const text = contents[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };
}

const noLogDir = async () => false;

test("the newer client file wins over the server's file; both generations of keys work", async (t) => {
  const readText = files({
    [SERVER_CONFIG_FILE]: 'ORCHESTRATOR_API_URL="http://old.example/orchestrator"\nDSA_LOGIN="old-dsa"\nDSA_PASS="old-pass"\nLDAP_URI="ldap://x"',
    [CLIENT_CONFIG_FILE]: 'ORCHESTRATOR_API_URL="https://fd.example.org/orchestrator/"\nORCHESTRATOR_LOGIN="orchestrator"',
  });
  const settings = await loadClientConfig(parseClientArgs(["--tasks"]), { env: {}, readText, defaultLogDirExists: noLogDir });
  t.is(settings.apiUrl, "https://fd.example.org/orchestrator");
  t.is(settings.login, "orchestrator");
  t.is(settings.password, "old-pass");
  t.deepEqual(settings.files, [SERVER_CONFIG_FILE, CLIENT_CONFIG_FILE]);
  t.is(settings.taskTimeoutMs, 300000);
  t.is(settings.authTimeoutMs, 30000);
  t.false(settings.insecure);
  t.is(settings.logFile, undefined);
});

test("the tools 1.2 setup (server file only) works", async (t) => {
  const readText = files({ [SERVER_CONFIG_FILE]: "ORCHESTRATOR_API_URL=http://127.0.0.1/orchestrator\nDSA_LOGIN=dsa\nDSA_PASS=secret" });
  const settings = await loadClientConfig(parseClientArgs(["--tasks"]), { env: {}, readText, defaultLogDirExists: noLogDir });
  t.like(settings, { apiUrl: "http://127.0.0.1/orchestrator", login: "dsa", password: "secret" });
});

test("environment variables override files, older names included; --config reads that file only", async (t) => {
  const readText = files({
    "/tmp/c.conf": 'ORCHESTRATOR_API_URL="http://a.example"\nORCHESTRATOR_LOGIN="file-login"\nORCHESTRATOR_PASSWORD="file-pass"',
    [CLIENT_CONFIG_FILE]: 'ORCHESTRATOR_LOGIN="never-read"',
  });
  const settings = await loadClientConfig(parseClientArgs(["--tasks", "--config", "/tmp/c.conf"]), {
    env: { DSA_LOGIN: "env-login", ORCHESTRATOR_TIMEOUT: "12", ORCHESTRATOR_TLS_INSECURE: "true" },
    readText,
    defaultLogDirExists: noLogDir,
  });
  t.is(settings.login, "env-login");
  t.is(settings.password, "file-pass");
  t.deepEqual(settings.files, ["/tmp/c.conf"]);
  t.is(settings.taskTimeoutMs, 12000);
  t.is(settings.authTimeoutMs, 12000);
  t.true(settings.insecure);
});

test("command-line options override configuration keys", async (t) => {
  const readText = files({ "/ca.pem": "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n" });
  const env = { ORCHESTRATOR_API_URL: "https://x", ORCHESTRATOR_LOGIN: "l", ORCHESTRATOR_PASSWORD: "p", ORCHESTRATOR_TIMEOUT: "99", ORCHESTRATOR_LOG_FILE: "/var/tmp/a.log" };
  const settings = await loadClientConfig(parseClientArgs(["--tasks", "--timeout", "5", "--ca-file", "/ca.pem", "--log", "/tmp/b.log"]), { env, readText, defaultLogDirExists: noLogDir });
  t.is(settings.taskTimeoutMs, 5000);
  t.is(settings.authTimeoutMs, 5000);
  t.is(settings.caFile, "/ca.pem");
  t.regex(settings.ca ?? "", /BEGIN CERTIFICATE/);
  t.is(settings.logFile, "/tmp/b.log");
  t.true(settings.logFileExplicit);
});

test("upstream's log file is the default only when its directory exists", async (t) => {
  const env = { ORCHESTRATOR_API_URL: "https://x", ORCHESTRATOR_LOGIN: "l", ORCHESTRATOR_PASSWORD: "p" };
  const settings = await loadClientConfig(parseClientArgs(["--tasks"]), { env, readText: files({}), defaultLogDirExists: async () => true });
  t.is(settings.logFile, DEFAULT_LOG_FILE);
  t.false(settings.logFileExplicit);
});

test("every problem is reported at once, naming keys and never the password", async (t) => {
  const error = await t.throwsAsync(
    loadClientConfig(parseClientArgs(["--tasks", "--ca-file", "/missing.pem"]), {
      env: { ORCHESTRATOR_API_URL: "ftp://user:pw-in-url@x", ORCHESTRATOR_PASSWORD: "hunter2-secret", ORCHESTRATOR_TLS_INSECURE: "maybe", ORCHESTRATOR_TIMEOUT: "-3" },
      readText: files({}),
      defaultLogDirExists: noLogDir,
    }),
    { instanceOf: ClientConfigError },
  );
  const text = error?.problems.join("\n") ?? "";
  for (const key of ["ORCHESTRATOR_API_URL must start with http", "must not carry credentials", "ORCHESTRATOR_LOGIN", "ORCHESTRATOR_TLS_INSECURE", "ORCHESTRATOR_TIMEOUT", "/missing.pem"]) {
    t.true(text.includes(key), key);
  }
  t.false(text.includes("hunter2-secret"));
  t.false(text.includes("pw-in-url"));
});

test("a --config file that cannot be read is an error; missing default files are not", async (t) => {
  await t.throwsAsync(loadClientConfig(parseClientArgs(["--tasks", "--config", "/nope.conf"]), { env: {}, readText: files({}) }), {
    message: /configuration file \/nope\.conf cannot be read: ENOENT/,
  });
  const error = await t.throwsAsync(loadClientConfig(parseClientArgs(["--tasks"]), { env: {}, readText: files({}), defaultLogDirExists: noLogDir }), { instanceOf: ClientConfigError });
  t.true(error?.problems.some((problem) => problem.startsWith("ORCHESTRATOR_API_URL is not set")));
});
