import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHost, type Host, loadConfig, type PluginLoadReport, type SlapdOptions, type SmtpSink, type SmtpSinkOptions, sandboxConfig, startSlapd, startSmtpSink, type TestSlapd } from "@fdo/core";
import { type Directory, services } from "@fdo/sdk";
import { DEMO_NOW } from "./demo-now.js";
import { memoryLogger } from "./mocks/memory-logger.js";
import { TestClock } from "./test-clock.js";

/**
 * How to start a test host.
 * @public
 */
export interface TestHostOptions {
  /** Plugin package directories to load (each with a `package.json` manifest and its built entry). */
  readonly plugins: readonly string[];
  /** LDIF files loaded into the throwaway directory after the demo data. */
  readonly ldif?: readonly string[];
  /** Load the demo directory (default true). */
  readonly demoData?: boolean;
  /** The directory's schema: `fd16` (default) or `fd15`, without the FD 1.6 additions (see `SlapdOptions.schema`). */
  readonly schema?: SlapdOptions["schema"];
  /** Frozen time the host starts at (default {@link DEMO_NOW}). */
  readonly now?: Date | string;
  /** Extra orchestrator.conf keys, e.g. your plugin's configuration. */
  readonly config?: Readonly<Record<string, string>>;
  /** How the SMTP sink behaves (refused recipients, required authentication). */
  readonly smtp?: SmtpSinkOptions;
}

/**
 * A response as the test host's `request` returns it: JSON bodies parsed, others as text.
 * @public
 */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * Options of one request.
 * @public
 */
export interface TestRequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** `false` sends no token; a string sends that token. Default: a valid access token. */
  readonly auth?: boolean | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A running orchestrator with your plugins, a throwaway slapd, an SMTP sink and a frozen clock.
 * @public
 */
export interface TestHost {
  /** Base URL of the API (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly clock: TestClock;
  readonly slapd: TestSlapd;
  readonly smtp: SmtpSink;
  /** The directory as the orchestrator sees it (bound as its service account). */
  readonly ldap: Directory;
  /** What loaded, failed and was skipped. */
  readonly plugins: PluginLoadReport;
  /** Everything the host logged, as parsed JSON lines. */
  logs(): Array<Record<string, unknown>>;
  /** A valid access token. */
  accessToken(subject?: string): string;
  request(method: string, path: string, options?: TestRequestOptions): Promise<TestResponse>;
  /** Stops the host, the SMTP sink and slapd, and deletes the directory's files. */
  stop(): Promise<void>;
}

async function linkPlugins(plugins: readonly string[]): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "fdo-test-plugins-"));
  for (const [index, plugin] of plugins.entries()) {
    await symlink(path.resolve(plugin), path.join(directory, `${String(index).padStart(2, "0")}-${path.basename(plugin)}`));
  }
  return directory;
}

/**
 * Starts a host with the given plugins against a throwaway slapd (demo data plus your LDIF) and an SMTP sink.
 * Always `stop()` it, e.g. in `test.after.always`.
 *
 * @example
 * ```ts
 * const host = await startTestHost({ plugins: [process.cwd()], config: { HELLO_GREETING: "hi" } });
 * const response = await host.request("PATCH", "/api/tasks/hello");
 * ```
 * @public
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const slapd = await startSlapd({ ldif: options.ldif ?? [], demoData: options.demoData ?? true, schema: options.schema });
  const smtp = await startSmtpSink(options.smtp);
  const pluginsDir = await linkPlugins(options.plugins);
  const clock = new TestClock(options.now ?? DEMO_NOW);
  const log = memoryLogger();
  let host: Host;
  try {
    const config = await loadConfig({
      file: "/dev/null",
      env: {
        ...sandboxConfig(slapd, smtp),
        HTTP_PORT: "0",
        PLUGINS_BUILTIN: "FALSE",
        // An empty plugins directory is a configuration error: name it only when it holds plugins.
        ...(options.plugins.length === 0 ? {} : { PLUGINS_DIR: pluginsDir }),
        ...options.config,
      },
    });
    // Mail refused for now is retried as in production, without waiting: tests follow the SMTP answers, not time.
    host = await createHost({ config, clock, logger: log.logger, mailRetryWait: async () => undefined });
  } catch (error) {
    await Promise.allSettled([smtp.stop(), slapd.destroy(), rm(pluginsDir, { recursive: true, force: true })]);
    throw error;
  }
  const url = await host.listen();
  const accessToken = (subject = "orchestrator"): string => host.tokens.accessToken(subject);

  return {
    url,
    clock,
    slapd,
    smtp,
    ldap: host.resolve(services.directory),
    plugins: host.plugins,
    logs: log.lines,
    accessToken,
    async request(method, requestPath, requestOptions = {}) {
      const auth = requestOptions.auth ?? true;
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (auth !== false) headers["authorization"] = `Bearer ${auth === true ? accessToken() : auth}`;
      if (requestOptions.body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${url}${requestPath}`, {
        method,
        headers,
        ...(requestOptions.body === undefined ? {} : { body: JSON.stringify(requestOptions.body) }),
      });
      const text = await response.text();
      const isJson = (response.headers.get("content-type") ?? "").includes("json") && text !== "";
      return { status: response.status, headers: response.headers, body: isJson ? (JSON.parse(text) as unknown) : text };
    },
    async stop() {
      await host.stop();
      await Promise.allSettled([smtp.stop(), slapd.destroy(), rm(pluginsDir, { recursive: true, force: true })]);
    },
  };
}
