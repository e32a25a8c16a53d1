// fusiondirectory-orchestrator-client: the real binary against a real server (slapd, SMTP sink, the mail plugin when
// it is built, and the client-stub fixture serving lifeCycle/notifications/reminder/audit/slow/stubbed with fixed
// answers). A loopback proxy in front of the server records every exchange, can answer in its place, and moves
// the server's clock between two calls of one run (to expire the access token deterministically).
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { authConfig, ORCHESTRATOR_PASSWORD, refresh } from "./support/auth.js";
import { type CliResult, collect } from "./support/run-cli.js";

const CLIENT = path.resolve("core/bin/fusiondirectory-orchestrator-client.js");
const MAIL_PLUGIN = path.resolve("plugins/mail");
const HAS_MAIL = existsSync(path.join(MAIL_PLUGIN, "dist/index.js"));
const STUB_PLUGIN = path.resolve("test/fixtures/plugins/client-stub");
const TOKEN_EXPIRY_S = 10;
const REFRESH_EXPIRY_S = 60;
const EXIT = { ok: 0, server: 1, partial: 2, usage: 64, auth: 77, config: 78, terminated: 143 } as const;

let host: TestHost;
let workDir: string;

test.before(async () => {
  host = await startTestHost({
    plugins: [...(HAS_MAIL ? [MAIL_PLUGIN] : []), STUB_PLUGIN],
    config: authConfig({ TOKEN_EXPIRY: String(TOKEN_EXPIRY_S), REFRESH_EXPIRY: String(REFRESH_EXPIRY_S) }),
  });
  workDir = await mkdtemp(path.join(tmpdir(), "fdo-client-"));
});
test.after.always(async () => {
  await host?.stop();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------- helpers

type ClientResult = CliResult;

function startClient(args: readonly string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLIENT, ...args], { env: { PATH: process.env["PATH"] ?? "", ...env } });
}

const runClient = (args: readonly string[], env: Record<string, string> = {}): Promise<ClientResult> => collect(startClient(args, env));

let confCount = 0;
async function confFile(lines: Record<string, string>): Promise<string> {
  confCount += 1;
  const file = path.join(workDir, `client-${confCount}.conf`);
  await writeFile(
    file,
    Object.entries(lines)
      .map(([key, value]) => `${key}="${value}"`)
      .join("\n"),
    { mode: 0o600 },
  );
  return file;
}

/** The newer client's configuration file, pointing at `url` (the server unless a proxy is given). */
const clientConf = (url = host.url, extra: Record<string, string> = {}) => confFile({ ORCHESTRATOR_API_URL: url, ORCHESTRATOR_LOGIN: "orchestrator", ORCHESTRATOR_PASSWORD, ...extra });

const jsonLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .trimEnd()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly requestBody: string;
  readonly authorization: string | undefined;
  status?: number;
  responseBody?: string;
}

interface ProxyOptions {
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Answer in the server's place. */
  readonly intercept?: (exchange: Exchange) => { status: number; body: string } | undefined;
  /** Headers forwarded to the server. */
  readonly forwardHeaders?: (exchange: Exchange, headers: Record<string, string>) => Record<string, string>;
  /** Runs with the server's answer, before the client receives it. */
  readonly onAnswer?: (exchange: Exchange) => void;
}

interface Proxy {
  readonly url: string;
  readonly exchanges: Exchange[];
  /** `METHOD /path STATUS` of every exchange. */
  sequence(): string[];
  close(): Promise<void>;
}

/** A recording loopback proxy in front of the test host. */
async function startProxy(options: ProxyOptions = {}): Promise<Proxy> {
  const exchanges: Exchange[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const exchange: Exchange = { method: req.method ?? "", path: req.url ?? "", requestBody: Buffer.concat(chunks).toString(), authorization: req.headers.authorization };
        exchanges.push(exchange);
        const fabricated = options.intercept?.(exchange);
        if (fabricated !== undefined) {
          exchange.status = fabricated.status;
          exchange.responseBody = fabricated.body;
          res.writeHead(fabricated.status, { "content-type": "application/json" }).end(fabricated.body);
          return;
        }
        let headers: Record<string, string> = { "content-type": req.headers["content-type"] ?? "application/json" };
        if (req.headers.authorization !== undefined) headers["authorization"] = req.headers.authorization;
        headers = options.forwardHeaders?.(exchange, headers) ?? headers;
        const upstream = new AbortController();
        res.on("close", () => upstream.abort());
        try {
          const answer = await fetch(`${host.url}${exchange.path}`, {
            method: exchange.method,
            headers,
            ...(exchange.requestBody === "" ? {} : { body: exchange.requestBody }),
            signal: upstream.signal,
          });
          exchange.status = answer.status;
          exchange.responseBody = await answer.text();
          options.onAnswer?.(exchange);
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(exchange.responseBody);
        } catch {
          res.destroy();
        }
      })();
    });
  };
  const server = options.tls === undefined ? http.createServer(handler) : https.createServer(options.tls, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    exchanges,
    sequence: () => exchanges.map((exchange) => `${exchange.method} ${exchange.path} ${exchange.status ?? "-"}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every token the server handed out through `proxy` (login and refresh answers). */
function tokensSeen(proxy: Proxy): string[] {
  return proxy.exchanges
    .filter((exchange) => /^\/api\/(login|refresh)$/.test(exchange.path) && exchange.status === 200)
    .flatMap((exchange) => {
      const pair = JSON.parse(exchange.responseBody ?? "{}") as Record<string, string>;
      return [pair["access_token"], pair["refresh_token"]].filter((token): token is string => typeof token === "string");
    });
}

function assertNoSecret(t: import("ava").ExecutionContext, texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) {
    t.false(text.includes(ORCHESTRATOR_PASSWORD), "the password leaked");
    for (const secret of secrets) t.false(text.includes(secret), "a token leaked");
    t.notRegex(text, /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\./, "something shaped like a JWT leaked");
  }
}

const stubReceived = async (): Promise<Array<{ segment: string; dryRun: boolean; body?: unknown }>> =>
  (await host.request("GET", "/api/plugins/client-stub/received")).body as Array<{ segment: string; dryRun: boolean; body?: unknown }>;

// ------------------------------------------------------------------------------------------- usage and config

test.serial("--help prints the options and the exit codes, exit 0", async (t) => {
  const result = await runClient(["--help"]);
  t.is(result.code, EXIT.ok);
  for (const option of [
    "--tasks",
    "--emails",
    "--lifecycle",
    "--notifications",
    "--reminder",
    "--audit [TYPE]",
    "--remove",
    "--activate",
    "--restart [TASKNAME]",
    "--run TYPE",
    "--dry-run",
    "--json",
    "--verbose",
    "--debug",
    "--log PATH",
    "--config FILE",
    "--ca-file FILE",
    "--insecure-skip-tls-verify",
    "--timeout SECONDS",
  ]) {
    t.true(result.stdout.includes(option), option);
  }
  t.regex(result.stdout.replace(/\s+/g, " "), /Exit codes: 0 ok .* 1 a call failed .* 2 partial failure .* 64 usage error, 77 authentication refused, 78 configuration error/);
  t.is(result.stderr, "");
});

test.serial("usage errors exit 64 with the usage text on stderr, before any call", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const config = await clientConf(proxy.url);
  for (const [args, message] of [
    [["--bogus"], "unknown option --bogus"],
    [[], "no action given"],
    [["--run"], "--run needs a value"],
    [["--emails", "--log"], "--log needs a value"],
    [["--dry-run", "--remove"], "--dry-run cannot be combined with --remove"],
    [["--emails", "--timeout", "never"], "--timeout must be"],
  ] as const) {
    const result = await runClient([...args, "--config", config]);
    t.is(result.code, EXIT.usage, args.join(" "));
    t.true(result.stderr.includes(message), result.stderr);
    t.regex(result.stderr, /usage: fusiondirectory-orchestrator-client/);
    t.is(result.stdout, "");
  }
  t.deepEqual(proxy.exchanges, []);
});

test.serial("configuration errors exit 78, naming the keys and never the password", async (t) => {
  const missingFile = await runClient(["--tasks", "--config", "/nonexistent/client.conf"]);
  t.is(missingFile.code, EXIT.config);
  t.regex(missingFile.stderr, /configuration file \/nonexistent\/client\.conf cannot be read: ENOENT/);

  const incomplete = await runClient(["--tasks", "--config", await confFile({ ORCHESTRATOR_PASSWORD: "hunter2-never-printed", ORCHESTRATOR_TLS_INSECURE: "perhaps" })]);
  t.is(incomplete.code, EXIT.config);
  t.regex(incomplete.stderr, /ORCHESTRATOR_API_URL is not set/);
  t.regex(incomplete.stderr, /ORCHESTRATOR_LOGIN \(or DSA_LOGIN\) is not set/);
  t.regex(incomplete.stderr, /ORCHESTRATOR_TLS_INSECURE must be TRUE or FALSE/);
  t.false(incomplete.stderr.includes("hunter2-never-printed"));

  const config = await clientConf();
  const badLog = await runClient(["--tasks", "--config", config, "--log", "/nonexistent/dir/client.log"]);
  t.is(badLog.code, EXIT.config);
  t.regex(badLog.stderr, /log file \/nonexistent\/dir\/client\.log cannot be opened: ENOENT/);
  const badCa = await runClient(["--tasks", "--config", config, "--ca-file", "/nonexistent/ca.pem"]);
  t.is(badCa.code, EXIT.config);
  t.regex(badCa.stderr, /CA file \/nonexistent\/ca\.pem cannot be read/);
});

test.serial("the tools 1.2 keys (DSA_LOGIN, DSA_PASS) work, and environment variables override the file", async (t) => {
  const older = await confFile({ ORCHESTRATOR_API_URL: host.url, DSA_LOGIN: "orchestrator", DSA_PASS: ORCHESTRATOR_PASSWORD, LDAP_URI: "ldap://ignored" });
  t.is((await runClient(["--tasks", "--config", older])).code, EXIT.ok);
  const wrong = await confFile({ ORCHESTRATOR_API_URL: "http://127.0.0.1:1", ORCHESTRATOR_LOGIN: "orchestrator", ORCHESTRATOR_PASSWORD: "wrong-password" });
  const overridden = await runClient(["--tasks", "--config", wrong], { ORCHESTRATOR_API_URL: host.url, ORCHESTRATOR_PASSWORD });
  t.is(overridden.code, EXIT.ok, overridden.stderr);
});

// ------------------------------------------------------------------------------------------------- the calls

test.serial("--tasks logs in once, prints the unique main-task names, logs out (the refresh token is revoked)", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.ok, result.stderr);
  const names = result.stdout.trimEnd().split("\n");
  for (const name of ["welcome-mail-2026", "newsletter-2099", "expire-student-accounts", "notify-staff-changes", "audit-retention"]) t.true(names.includes(name), name);
  t.is(new Set(names).size, names.length);
  t.is(result.stderr, "");
  t.deepEqual(proxy.sequence(), ["POST /api/login 200", "GET /api/tasks/ 200", "POST /api/logout 200"]);
  t.deepEqual(JSON.parse(proxy.exchanges[0]?.requestBody ?? ""), { username: "orchestrator", password: ORCHESTRATOR_PASSWORD });
  t.regex(proxy.exchanges[1]?.authorization ?? "", /^Bearer eyJ/);
  const [, refreshToken] = tokensSeen(proxy);
  t.is(JSON.parse(proxy.exchanges[2]?.requestBody ?? "{}").token, refreshToken);
  t.is((await refresh(host, refreshToken as string)).status, 400, "logout revoked the refresh token");
});

test.serial("--tasks without main tasks prints upstream's 'No tasks available.'", async (t) => {
  const empty = await startTestHost({ plugins: [], config: authConfig() });
  t.teardown(() => empty.stop());
  for (const entry of await empty.ldap.searchAll({ base: "dc=example,dc=org", filter: "(objectClass=fdTasks)", attributes: ["cn"] })) await empty.ldap.delete(entry.dn);
  const result = await runClient(["--tasks", "--config", await clientConf(empty.url)]);
  t.is(result.code, EXIT.ok, result.stderr);
  t.is(result.stdout, "No tasks available.\n");
});

test.serial("every task option maps to upstream's call and body, in command-line order (--json: one document per call)", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const before = (await stubReceived()).length;
  const result = await runClient(["--lifecycle", "--notifications", "--audit", "syslog", "--audit", "--run", "stubbed", "--json", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.ok, result.stderr);
  t.deepEqual(proxy.sequence(), [
    "POST /api/login 200",
    "PATCH /api/tasks/lifeCycle 200",
    "PATCH /api/tasks/notifications 200",
    "PATCH /api/tasks/audit 200",
    "PATCH /api/tasks/audit 200",
    "PATCH /api/tasks/stubbed 200",
    "POST /api/logout 200",
  ]);
  t.deepEqual((await stubReceived()).slice(before), [
    { segment: "lifeCycle", dryRun: false },
    { segment: "notifications", dryRun: false },
    { segment: "audit", dryRun: false, body: { type: "syslog" } },
    { segment: "audit", dryRun: false },
    { segment: "stubbed", dryRun: false },
  ]);
  const documents = jsonLines(result.stdout);
  t.deepEqual(
    documents.map((document) => [document["option"], document["method"], document["path"], document["status"], document["ok"]]),
    [
      ["--lifecycle", "PATCH", "/api/tasks/lifeCycle", 200, true],
      ["--notifications", "PATCH", "/api/tasks/notifications", 200, true],
      ["--audit", "PATCH", "/api/tasks/audit", 200, true],
      ["--audit", "PATCH", "/api/tasks/audit", 200, true],
      ["--run", "PATCH", "/api/tasks/stubbed", 200, true],
    ],
  );
  // The host adds the unknown-delivery and warnings counts to every summary, also to a plugin's own that has none.
  t.deepEqual(documents[0]?.["summary"], { eligible: 3, processed: 3, succeeded: 3, skipped: 0, failed: 0, unknown: 0, warnings: 0, durationMs: 7 });
  t.is(documents[1]?.["message"], "Nothing to process for notifications: no subtask is due.");
  t.deepEqual((documents[2]?.["body"] as unknown[] | undefined)?.[0], { received: { segment: "audit", dryRun: false, body: { type: "syslog" } } });
  t.is(result.stderr, "");
});

test.serial("human summaries; --dry-run asks for a plan; a run with failed subtasks exits 2 (partial)", async (t) => {
  const config = await clientConf();
  const human = await runClient(["--lifecycle", "--notifications", "--config", config]);
  t.is(human.code, EXIT.ok);
  t.is(human.stdout, "lifeCycle: 3 changed, 0 skipped, 0 failed (3 due, 3 processed, 7 ms)\nNothing to process for notifications: no subtask is due.\n");

  const before = (await stubReceived()).length;
  const dry = await runClient(["--dry-run", "--lifecycle", "--tasks", "--config", config]);
  t.is(dry.code, EXIT.ok);
  t.regex(dry.stdout, /^lifeCycle \(dry run\): 3 would be changed, 0 skipped, 0 failed/);
  t.deepEqual((await stubReceived()).slice(before), [{ segment: "lifeCycle", dryRun: true }]);

  const partial = await runClient(["--reminder", "--config", config]);
  t.is(partial.code, EXIT.partial);
  t.is(partial.stdout, "reminder: 1 sent, 0 skipped, 1 failed (2 due, 2 processed, 7 ms)\n");
  t.regex(partial.stderr, /--reminder: the server reported failures/);
});

test.serial("--emails: the mail plugin's dry run, real run and anti-spam answer (or 404 when it is not built)", async (t) => {
  const config = await clientConf();
  if (!HAS_MAIL) {
    const result = await runClient(["--emails", "--config", config]);
    t.is(result.code, EXIT.server);
    t.regex(result.stderr, /--emails: failed with HTTP 404 FDO_ERR_TASK_TYPE_UNKNOWN/);
    return;
  }
  host.smtp.clear();
  const dry = await runClient(["--emails", "--dry-run", "--config", config]);
  t.is(dry.code, EXIT.ok, dry.stderr);
  t.regex(dry.stdout, /^mail \(dry run\): (\d+) would be sent, 0 skipped, 0 failed \(\1 due, \1 processed, /);
  t.is(host.smtp.messages.length, 0);
  const sent = await runClient(["--emails", "--config", config]);
  t.is(sent.code, EXIT.ok, sent.stderr);
  const count = Number(/^mail: (\d+) sent, 0 skipped, 0 failed/.exec(sent.stdout)?.[1]);
  t.true(count > 0, sent.stdout);
  t.is(host.smtp.messages.length, count);
  const again = await runClient(["--emails", "--config", config]);
  t.is(again.code, EXIT.ok, again.stderr);
  t.regex(again.stdout, /^mail: Anti-spam protection active/);
});

test.serial("maintenance options: --remove, --activate, --restart [taskName] call upstream's endpoints; the exit code follows the answers", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const result = await runClient(["--remove", "--activate", "--restart", "--restart", "welcome-mail-2026", "--json", "--config", await clientConf(proxy.url)]);
  const calls = proxy.exchanges.filter((exchange) => exchange.path.startsWith("/api/tasks/"));
  t.deepEqual(
    calls.map((exchange) => `${exchange.method} ${exchange.path} ${exchange.requestBody}`),
    ["PATCH /api/tasks/removeSubTasks ", "PATCH /api/tasks/activateCyclicTasks ", "PATCH /api/tasks/restartFailedTasks ", 'PATCH /api/tasks/restartFailedTasks {"taskName":"welcome-mail-2026"}'],
  );
  const documents = jsonLines(result.stdout);
  t.deepEqual(
    documents.map((document) => document["status"]),
    calls.map((exchange) => exchange.status),
  );
  // Served (200) or not yet deployed (404 FDO_ERR_TASK_TYPE_UNKNOWN): a 404 or any error status is a server failure.
  const outcomes = documents.map((document) => document["outcome"] as string);
  for (const [index, document] of documents.entries()) {
    if ((document["status"] as number) >= 400) t.is(outcomes[index], "server");
  }
  const expected = outcomes.includes("server") ? EXIT.server : outcomes.includes("partial") ? EXIT.partial : EXIT.ok;
  t.is(result.code, expected, result.stdout + result.stderr);
  t.log(documents.map((document) => `${document["path"]} ${document["status"]} ${document["message"]}`).join("\n"));
});

test.serial("an unknown task type is a server failure (exit 1); later actions still run", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const result = await runClient(["--run", "nosuchtype", "--lifecycle", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.server);
  t.is(result.stderr, "fusiondirectory-orchestrator-client: --run: failed with HTTP 404 FDO_ERR_TASK_TYPE_UNKNOWN: no task type is served at /api/tasks/nosuchtype\n");
  t.regex(result.stdout, /^lifeCycle: 3 changed/);
  t.deepEqual(proxy.sequence(), ["POST /api/login 200", "PATCH /api/tasks/nosuchtype 404", "PATCH /api/tasks/lifeCycle 200", "POST /api/logout 200"]);
});

// ------------------------------------------------------------------------------------------ failures by kind

test.serial("a refused login exits 77 and runs nothing", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--emails", "--verbose", "--debug", "--config", await clientConf(proxy.url, { ORCHESTRATOR_PASSWORD: "wrong-password-123" })]);
  t.is(result.code, EXIT.auth);
  t.regex(result.stderr, /--tasks: login refused for orchestrator: FDO_ERR_AUTH_INVALID_CREDENTIALS: invalid authentication/);
  t.regex(result.stderr, /not run: --emails/);
  t.false(result.stdout.includes("wrong-password-123") || result.stderr.includes("wrong-password-123"));
  t.deepEqual(proxy.sequence(), ["POST /api/login 401"]);
});

test.serial("a token refused for another reason than expiry exits 77, and the session is still logged out", async (t) => {
  const proxy = await startProxy({
    forwardHeaders: (exchange, headers) => (exchange.path.startsWith("/api/tasks") ? { ...headers, authorization: "Bearer not.a.token" } : headers),
  });
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--lifecycle", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.auth);
  t.regex(result.stderr, /--tasks: failed with HTTP 401 FDO_ERR_AUTH_TOKEN_INVALID/);
  t.regex(result.stderr, /not run: --lifecycle/);
  t.deepEqual(proxy.sequence(), ["POST /api/login 200", "GET /api/tasks/ 401", "POST /api/logout 200"]);
});

test.serial("an unreachable server exits 1; --debug prints the transport error", async (t) => {
  const config = await clientConf("http://127.0.0.1:1/orchestrator");
  const plain = await runClient(["--tasks", "--emails", "--config", config]);
  t.is(plain.code, EXIT.server);
  t.is(plain.stderr, "fusiondirectory-orchestrator-client: --tasks: cannot connect to 127.0.0.1:1 (ECONNREFUSED)\nfusiondirectory-orchestrator-client: not run: --emails\n");
  const debug = await runClient(["--tasks", "--debug", "--config", config]);
  t.is(debug.code, EXIT.server);
  t.regex(debug.stderr, /debug: POST \/api\/login no answer/);
  t.regex(debug.stderr, /debug: transport error: TransportError \[ECONNREFUSED\].*connect ECONNREFUSED 127\.0\.0\.1:1/);
});

test.serial("a server error on login exits 1 (not an authentication failure)", async (t) => {
  const proxy = await startProxy({
    intercept: (exchange) => (exchange.path === "/api/login" ? { status: 500, body: '{"code":"FDO_ERR_INTERNAL","message":"internal error"}' } : undefined),
  });
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.server);
  t.regex(result.stderr, /--tasks: login failed: FDO_ERR_INTERNAL: internal error/);
});

test.serial("--timeout bounds a task call (exit 1); the next action still runs and the session is logged out", async (t) => {
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  // The slow task type answers only when aborted: the client's own timeout is what ends the call.
  const result = await runClient(["--run", "slow", "--lifecycle", "--timeout", "0.5", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.server);
  t.regex(result.stderr, /--run: no complete answer from 127\.0\.0\.1:\d+ within 0\.5 s/);
  t.regex(result.stdout, /^lifeCycle: 3 changed/);
  t.deepEqual(
    proxy.exchanges.map((exchange) => `${exchange.method} ${exchange.path}`),
    ["POST /api/login", "PATCH /api/tasks/slow", "PATCH /api/tasks/lifeCycle", "POST /api/logout"],
  );
});

test.serial("SIGTERM during a call: the client logs out and exits 143", async (t) => {
  let reached!: () => void;
  const slowReached = new Promise<void>((resolve) => (reached = resolve));
  const proxy = await startProxy({
    intercept: (exchange) => {
      if (exchange.path === "/api/tasks/slow") reached();
      return undefined;
    },
  });
  t.teardown(() => proxy.close());
  const child = startClient(["--run", "slow", "--lifecycle", "--config", await clientConf(proxy.url)], {});
  const done = collect(child);
  await slowReached;
  child.kill("SIGTERM");
  const result = await done;
  t.is(result.code, EXIT.terminated);
  t.regex(result.stderr, /not run: --lifecycle/);
  t.deepEqual(
    proxy.exchanges.map((exchange) => `${exchange.method} ${exchange.path}`),
    ["POST /api/login", "PATCH /api/tasks/slow", "POST /api/logout"],
  );
});

// ---------------------------------------------------------------------------------------------- token expiry

test.serial("an access token that expires during a run is refreshed and the call retried", async (t) => {
  let advanced = false;
  const proxy = await startProxy({
    // The first call's answer is in; before the client can send the next one, the server's time moves on.
    onAnswer: (exchange) => {
      if (!advanced && exchange.path === "/api/tasks/") {
        advanced = true;
        host.clock.advance((TOKEN_EXPIRY_S + 1) * 1000);
      }
    },
  });
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--lifecycle", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.ok, result.stderr);
  t.regex(result.stdout, /lifeCycle: 3 changed, .*\(access token renewed by refresh\)\n$/);
  t.deepEqual(proxy.sequence(), ["POST /api/login 200", "GET /api/tasks/ 200", "PATCH /api/tasks/lifeCycle 401", "POST /api/refresh 200", "PATCH /api/tasks/lifeCycle 200", "POST /api/logout 200"]);
  t.regex(proxy.exchanges[2]?.responseBody ?? "", /FDO_ERR_AUTH_TOKEN_EXPIRED/);
  const [firstAccess, firstRefresh, secondAccess, secondRefresh] = tokensSeen(proxy);
  t.is(JSON.parse(proxy.exchanges[3]?.requestBody ?? "{}").token, firstRefresh);
  t.is(proxy.exchanges[2]?.authorization, `Bearer ${firstAccess}`);
  t.is(proxy.exchanges[4]?.authorization, `Bearer ${secondAccess}`);
  t.is(JSON.parse(proxy.exchanges[5]?.requestBody ?? "{}").token, secondRefresh);
  assertNoSecret(t, [result.stdout, result.stderr], tokensSeen(proxy));
});

test.serial("when the refresh token has expired too, the client logs in again and retries", async (t) => {
  let advanced = false;
  const proxy = await startProxy({
    onAnswer: (exchange) => {
      if (!advanced && exchange.path === "/api/tasks/") {
        advanced = true;
        host.clock.advance((REFRESH_EXPIRY_S + 1) * 1000);
      }
    },
  });
  t.teardown(() => proxy.close());
  const result = await runClient(["--tasks", "--lifecycle", "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.ok, result.stderr);
  t.regex(result.stdout, /\(access token renewed by login\)\n$/);
  t.deepEqual(proxy.sequence(), [
    "POST /api/login 200",
    "GET /api/tasks/ 200",
    "PATCH /api/tasks/lifeCycle 401",
    "POST /api/refresh 400",
    "POST /api/login 200",
    "PATCH /api/tasks/lifeCycle 200",
    "POST /api/logout 200",
  ]);
});

// ---------------------------------------------------------------------------------------- log file, secrets

test.serial("--log appends timestamped lines (call, status, summary) and no secret, even with --verbose --debug", async (t) => {
  const proxy = await startProxy({
    onAnswer: (exchange) => {
      if (exchange.path === "/api/tasks/" && exchange.status === 200 && proxy.exchanges.filter((e) => e.path === "/api/tasks/").length === 1) {
        host.clock.advance((TOKEN_EXPIRY_S + 1) * 1000);
      }
    },
  });
  t.teardown(() => proxy.close());
  const log = path.join(workDir, "client.log");
  await writeFile(log, "2026-01-01 00:00:00 an older line\n");
  const result = await runClient(["--tasks", "--lifecycle", "--reminder", "--run", "nosuchtype", "--verbose", "--debug", "--log", log, "--config", await clientConf(proxy.url)]);
  t.is(result.code, EXIT.server);
  const lines = readFileSync(log, "utf8").trimEnd().split("\n");
  t.is(lines[0], "2026-01-01 00:00:00 an older line");
  for (const line of lines) t.regex(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
  const text = lines.map((line) => line.slice(20)).join("\n");
  t.regex(text, /^POST \/api\/login 200$/m);
  t.regex(text, /^--tasks GET \/api\/tasks\/ 200 ok: welcome-mail-2026, /m);
  t.regex(text, /^POST \/api\/refresh 200$/m);
  t.regex(text, /^--lifecycle PATCH \/api\/tasks\/lifeCycle 200 ok: lifeCycle: 3 changed, 0 skipped, 0 failed \(3 due, 3 processed, 7 ms\)$/m);
  t.regex(text, /^--reminder PATCH \/api\/tasks\/reminder 200 partial: reminder: 1 sent, 0 skipped, 1 failed/m);
  t.regex(text, /^--run PATCH \/api\/tasks\/nosuchtype 404 server: failed with HTTP 404 FDO_ERR_TASK_TYPE_UNKNOWN/m);
  t.regex(text, /^--lifecycle body: \{"received":/m);
  t.regex(text, /^POST \/api\/logout 200$/m);
  // --verbose prints the task bodies, never the login/refresh answers.
  t.regex(result.stdout, /"received": \{/);
  t.false(result.stdout.includes("access_token"));
  const secrets = tokensSeen(proxy);
  t.is(secrets.length, 4, "a login and a refresh happened");
  assertNoSecret(t, [readFileSync(log, "utf8"), result.stdout, result.stderr], secrets);
});

// ------------------------------------------------------------------------------------------------------- TLS

test.serial("TLS: the server certificate is verified; --ca-file or ORCHESTRATOR_CA_FILE trust a private CA; the insecure switch is named as such", async (t) => {
  const key = path.join(workDir, "key.pem");
  const cert = path.join(workDir, "cert.pem");
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], {
      stdio: "pipe",
      timeout: 20000,
    });
  } catch (error) {
    t.fail(`openssl is needed to make a test certificate: ${(error as Error).message}`);
    return;
  }
  const proxy = await startProxy({ tls: { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") } });
  t.teardown(() => proxy.close());
  const config = await clientConf(proxy.url);

  const untrusted = await runClient(["--tasks", "--config", config]);
  t.is(untrusted.code, EXIT.server);
  t.regex(untrusted.stderr, /--tasks: TLS failure with 127\.0\.0\.1:\d+: .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  t.deepEqual(proxy.exchanges, []);

  const withCa = await runClient(["--tasks", "--ca-file", cert, "--config", config]);
  t.is(withCa.code, EXIT.ok, withCa.stderr);
  t.regex(withCa.stdout, /welcome-mail-2026/);
  t.is(withCa.stderr, "");
  t.is((await runClient(["--tasks", "--config", config], { ORCHESTRATOR_CA_FILE: cert })).code, EXIT.ok);

  const insecure = await runClient(["--tasks", "--insecure-skip-tls-verify", "--config", config]);
  t.is(insecure.code, EXIT.ok);
  t.regex(insecure.stderr, /warning: TLS certificate verification is disabled/);
  t.is((await runClient(["--tasks", "--config", config], { ORCHESTRATOR_TLS_INSECURE: "TRUE" })).code, EXIT.ok);
});
