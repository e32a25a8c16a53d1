import { readFile } from "node:fs/promises";
import { parse } from "dotenv";
import { type ClientArguments, parseTimeout, UsageError } from "./parse-args.js";

/** The newer client's own file (fusiondirectory-tools after 1.2). */
export const CLIENT_CONFIG_FILE = "/etc/fusiondirectory-tools/fusiondirectory-orchestrator-client.conf";
/** The server's file, which the tools 1.2 client read (`DSA_LOGIN`, `DSA_PASS`, `ORCHESTRATOR_API_URL`). */
export const SERVER_CONFIG_FILE = "/etc/fusiondirectory-orchestrator/orchestrator.conf";
/** Upstream's log file; used by default only when its directory exists. */
export const DEFAULT_LOG_FILE = "/var/log/orchestrator/orchestrator.log";

export const DEFAULT_TASK_TIMEOUT_SECONDS = 300;
export const AUTH_TIMEOUT_SECONDS = 30;

export interface ClientSettings {
  /** Base URL without a trailing slash, e.g. `https://fd.example.org/orchestrator`. */
  readonly apiUrl: string;
  readonly login: string;
  readonly password: string;
  /** PEM text of `--ca-file` / `ORCHESTRATOR_CA_FILE`. */
  readonly ca: string | undefined;
  readonly caFile: string | undefined;
  readonly insecure: boolean;
  readonly taskTimeoutMs: number;
  readonly authTimeoutMs: number;
  readonly logFile: string | undefined;
  /** The log file was asked for (`--log`, `ORCHESTRATOR_LOG_FILE`): failing to open it is an error. */
  readonly logFileExplicit: boolean;
  /** Configuration files actually read, in increasing priority. */
  readonly files: readonly string[];
}

/** One message per problem, naming the key; secret values are never put in them. */
export class ClientConfigError extends Error {
  override readonly name = "ClientConfigError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
  }
}

export interface LoadClientConfigOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Injected for tests. */
  readonly readText?: (file: string) => Promise<string>;
  readonly defaultLogDirExists?: () => Promise<boolean>;
}

type Source = Readonly<Record<string, string | undefined>>;

async function readSource(file: string, explicit: boolean, readText: (file: string) => Promise<string>): Promise<Source | undefined> {
  try {
    return parse(await readText(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === "ENOENT") return undefined;
    throw new ClientConfigError([`configuration file ${file} cannot be read: ${code ?? "error"}`]);
  }
}

/**
 * The value of the highest-priority source that sets `key` (or its older name): later sources win, so the
 * environment overrides the client file, which overrides the server's file.
 */
function pick(sources: readonly Source[], key: string, olderKey?: string): string | undefined {
  for (let index = sources.length - 1; index >= 0; index -= 1) {
    const source = sources[index] as Source;
    const value = source[key] ?? (olderKey === undefined ? undefined : source[olderKey]);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function normaliseUrl(raw: string | undefined, problems: string[]): string {
  if (raw === undefined) {
    problems.push("ORCHESTRATOR_API_URL is not set (e.g. https://fd.example.org/orchestrator)");
    return "";
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push("ORCHESTRATOR_API_URL is not a valid URL");
    return "";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") problems.push("ORCHESTRATOR_API_URL must start with http:// or https://");
  if (url.username !== "" || url.password !== "") problems.push("ORCHESTRATOR_API_URL must not carry credentials; use ORCHESTRATOR_LOGIN and ORCHESTRATOR_PASSWORD");
  if (url.search !== "" || url.hash !== "") problems.push("ORCHESTRATOR_API_URL must not have a query or a fragment");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function parseBoolean(raw: string | undefined, key: string, problems: string[]): boolean {
  if (raw === undefined) return false;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  problems.push(`${key} must be TRUE or FALSE`);
  return false;
}

async function directoryExists(): Promise<boolean> {
  const { stat } = await import("node:fs/promises");
  try {
    return (await stat(DEFAULT_LOG_FILE.slice(0, DEFAULT_LOG_FILE.lastIndexOf("/")))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads the client configuration: `--config FILE` alone, or else the client file and then the server's file (both
 * optional), with environment variables overriding any file and command-line options overriding everything. Both
 * generations of key names are accepted. Throws {@link ClientConfigError} listing every problem.
 */
export async function loadClientConfig(args: ClientArguments, options: LoadClientConfigOptions = {}): Promise<ClientSettings> {
  const readText = options.readText ?? ((file: string) => readFile(file, "utf8"));
  const env = options.env ?? process.env;
  const files: string[] = [];
  const sources: Source[] = [];
  const candidates = args.configFile !== undefined ? [args.configFile] : [SERVER_CONFIG_FILE, CLIENT_CONFIG_FILE];
  for (const file of candidates) {
    const source = await readSource(file, args.configFile !== undefined, readText);
    if (source !== undefined) {
      sources.push(source);
      files.push(file);
    }
  }
  sources.push(env);

  const problems: string[] = [];
  const apiUrl = normaliseUrl(pick(sources, "ORCHESTRATOR_API_URL"), problems);
  const login = pick(sources, "ORCHESTRATOR_LOGIN", "DSA_LOGIN");
  const password = pick(sources, "ORCHESTRATOR_PASSWORD", "DSA_PASS");
  if (login === undefined) problems.push("ORCHESTRATOR_LOGIN (or DSA_LOGIN) is not set");
  if (password === undefined) problems.push("ORCHESTRATOR_PASSWORD (or DSA_PASS) is not set");

  const insecure = args.insecure || parseBoolean(pick(sources, "ORCHESTRATOR_TLS_INSECURE"), "ORCHESTRATOR_TLS_INSECURE", problems);
  const caFile = args.caFile ?? pick(sources, "ORCHESTRATOR_CA_FILE");
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = await readText(caFile);
      if (!ca.includes("-----BEGIN CERTIFICATE-----")) problems.push(`CA file ${caFile} holds no PEM certificate`);
    } catch (error) {
      problems.push(`CA file ${caFile} cannot be read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }

  let timeoutSeconds = args.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS;
  const configuredTimeout = pick(sources, "ORCHESTRATOR_TIMEOUT");
  if (args.timeoutSeconds === undefined && configuredTimeout !== undefined) {
    try {
      timeoutSeconds = parseTimeout(configuredTimeout, "ORCHESTRATOR_TIMEOUT");
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(error.message);
    }
  }

  const configuredLog = args.logFile ?? pick(sources, "ORCHESTRATOR_LOG_FILE");
  const logFile = configuredLog ?? ((await (options.defaultLogDirExists ?? directoryExists)()) ? DEFAULT_LOG_FILE : undefined);

  if (problems.length > 0) throw new ClientConfigError(problems);
  return {
    apiUrl,
    login: login as string,
    password: password as string,
    ca,
    caFile,
    insecure,
    taskTimeoutMs: Math.round(timeoutSeconds * 1000),
    authTimeoutMs: Math.round(Math.min(timeoutSeconds, AUTH_TIMEOUT_SECONDS) * 1000),
    logFile,
    logFileExplicit: configuredLog !== undefined,
    files,
  };
}
