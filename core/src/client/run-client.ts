import { closeSync, openSync, writeSync } from "node:fs";
import { installedVersion } from "../install-root.js";
import { ApiClient, AuthRefusedError, type TraceEvent, UnexpectedAnswerError } from "./api-client.js";
import { type CallReport, reportAnswer, reportFailure, requestOf } from "./call-report.js";
import { type CallOutcome, CLIENT_EXIT, exitCodeOf, worse } from "./exit-codes.js";
import { createTransport, type Transport, TransportError, type TransportOptions } from "./http-transport.js";
import { ClientConfigError, type LoadClientConfigOptions, loadClientConfig } from "./load-client-config.js";
import { type ClientArguments, parseClientArgs, USAGE, UsageError } from "./parse-args.js";
import { Redactor, redactingSink, type Sink } from "./redactor.js";
import { HumanReporter, JsonReporter, LogFileReporter, type Reporter } from "./reporters.js";

const NAME = "fusiondirectory-orchestrator-client";
const AUTH_PATHS = new Set(["/api/login", "/api/refresh", "/api/logout"]);
/** An interrupted run still logs out, but does not wait long for it. */
const LOGOUT_AFTER_INTERRUPT_MS = 3000;

export interface ClosableSink extends Sink {
  close(): void;
}

export interface ClientIo {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM, with the signal name as its reason. */
  readonly signal?: AbortSignal;
  /** Injected for tests. */
  readonly config?: Omit<LoadClientConfigOptions, "env">;
  readonly createTransport?: (options: TransportOptions) => { send: Transport; close(): void };
  readonly openLog?: (file: string) => ClosableSink;
}

/** Appends to `file` (created 0600: bodies may hold personal data); throws when it cannot be opened. */
export function openLogFile(file: string): ClosableSink {
  const fd = openSync(file, "a", 0o600);
  return {
    write: (text) => void writeSync(fd, text),
    close: () => closeSync(fd),
  };
}

function describeError(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    parts.push(`${current.name}${code === undefined ? "" : ` [${code}]`}: ${current.message}`);
    current = current.cause;
  }
  return parts.join("; caused by ");
}

function interruptCode(signal: AbortSignal | undefined): number {
  return signal?.reason === "SIGTERM" ? CLIENT_EXIT.terminated : CLIENT_EXIT.interrupted;
}

/**
 * One run of the client: parse, configure, log in once, run the actions in order, log out, and return the exit
 * code. Everything it prints goes through a redactor that knows the password and every token received.
 */
export async function runClient(argv: readonly string[], io: ClientIo): Promise<number> {
  let args: ClientArguments;
  try {
    args = parseClientArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n${USAGE}\n`);
    return CLIENT_EXIT.usage;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return CLIENT_EXIT.ok;
  }
  if (args.version) {
    io.stdout.write(`${NAME} ${installedVersion()}\n`);
    return CLIENT_EXIT.ok;
  }

  const redactor = new Redactor();
  const stdout = redactingSink(io.stdout, redactor);
  const stderr = redactingSink(io.stderr, redactor);
  const debug = (line: string): void => {
    if (args.debug) stderr.write(`debug: ${line}\n`);
  };

  let settings: Awaited<ReturnType<typeof loadClientConfig>>;
  try {
    settings = await loadClientConfig(args, { ...io.config, env: io.env });
  } catch (error) {
    if (!(error instanceof ClientConfigError)) throw error;
    for (const problem of error.problems) stderr.write(`${NAME}: configuration: ${problem}\n`);
    return CLIENT_EXIT.config;
  }
  redactor.add(settings.password);
  debug(`configuration files read: ${settings.files.length === 0 ? "none (environment only)" : settings.files.join(", ")}`);
  debug(`API ${settings.apiUrl}, login ${settings.login}`);

  let logFile: ClosableSink | undefined;
  if (settings.logFile !== undefined) {
    try {
      logFile = (io.openLog ?? openLogFile)(settings.logFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      if (settings.logFileExplicit) {
        stderr.write(`${NAME}: configuration: log file ${settings.logFile} cannot be opened: ${code}\n`);
        return CLIENT_EXIT.config;
      }
      debug(`default log file ${settings.logFile} not used: ${code}`);
    }
  }

  const reporters: Reporter[] = [args.json ? new JsonReporter(stdout) : new HumanReporter(stdout, stderr, { verbose: args.verbose, progress: true })];
  if (logFile !== undefined) reporters.push(new LogFileReporter(redactingSink(logFile, redactor), { verbose: args.verbose }));

  if (settings.insecure && settings.apiUrl.startsWith("https:")) {
    stderr.write(`${NAME}: warning: TLS certificate verification is disabled (insecure-skip-tls-verify)\n`);
  }

  const transport = (io.createTransport ?? createTransport)({ ca: settings.ca, insecure: settings.insecure });
  const onTrace = (event: TraceEvent): void => {
    const status = event.status === undefined ? "no answer" : String(event.status);
    debug(`${event.method} ${event.path} ${status} (${Math.round(event.durationMs)} ms)`);
    if (event.error !== undefined) debug(`transport error: ${describeError(event.error)}`);
    if (AUTH_PATHS.has(event.path)) for (const reporter of reporters) reporter.auth?.(event);
  };
  const api = new ApiClient({
    baseUrl: settings.apiUrl,
    login: settings.login,
    password: settings.password,
    send: transport.send,
    authTimeoutMs: settings.authTimeoutMs,
    taskTimeoutMs: settings.taskTimeoutMs,
    onSecret: (secret) => redactor.add(secret),
    onTrace,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });

  let worst: CallOutcome = "ok";
  let interrupted = false;
  const notRun: string[] = [];
  try {
    for (const [index, action] of args.actions.entries()) {
      if (io.signal?.aborted === true) {
        interrupted = true;
        notRun.push(...args.actions.slice(index).map((rest) => rest.option));
        break;
      }
      const request = requestOf(action, args.dryRun);
      for (const reporter of reporters) reporter.begin(action, request);
      const started = Date.now();
      let report: CallReport;
      let stop = false;
      try {
        report = reportAnswer(action, request, await api.call(request), args.dryRun);
      } catch (error) {
        const elapsed = Date.now() - started;
        if (error instanceof AuthRefusedError) {
          report = reportFailure(action, request, args.dryRun, "auth", error, elapsed, error.status);
          stop = true;
        } else if (error instanceof UnexpectedAnswerError) {
          report = reportFailure(action, request, args.dryRun, "server", error, elapsed, error.status);
          stop = true;
        } else if (error instanceof TransportError) {
          report = reportFailure(action, request, args.dryRun, "server", error, elapsed);
          // Without a session every later call would fail the same way.
          stop = !api.loggedIn || error.kind === "aborted";
          interrupted = error.kind === "aborted";
        } else {
          throw error;
        }
      }
      worst = worse(worst, report.outcome);
      for (const reporter of reporters) reporter.result(report);
      // A token refused even after renewal: the session is gone for the calls that follow too.
      if (report.outcome === "auth") stop = true;
      if (stop) {
        notRun.push(...args.actions.slice(index + 1).map((rest) => rest.option));
        break;
      }
    }
  } finally {
    for (const reporter of reporters) reporter.close?.();
    if (api.loggedIn) {
      const loggedOut = await api.logout(interrupted ? LOGOUT_AFTER_INTERRUPT_MS : undefined);
      if (!loggedOut) stderr.write(`${NAME}: warning: logout failed; the session ends when its refresh token expires\n`);
    }
    transport.close();
    logFile?.close();
  }
  if (notRun.length > 0) stderr.write(`${NAME}: not run: ${notRun.join(" ")}\n`);
  if (interrupted) return interruptCode(io.signal);
  return exitCodeOf(worst);
}
