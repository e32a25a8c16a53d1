import type { ApiRequest, TraceEvent } from "./api-client.js";
import { type CallReport, formatDuration } from "./call-report.js";
import type { Action } from "./parse-args.js";
import type { Sink } from "./redactor.js";

/** Receives the calls of a run as they happen. */
export interface Reporter {
  begin(action: Action, request: ApiRequest): void;
  result(report: CallReport): void;
  /** Login, refresh and logout exchanges (never their bodies). */
  auth?(event: TraceEvent): void;
  close?(): void;
}

const CLEAR_LINE = "\r\x1b[2K";

export interface HumanReporterOptions {
  readonly verbose: boolean;
  /** Show a progress line while a call runs (only ever when stdout is a terminal). */
  readonly progress: boolean;
  readonly now?: () => number;
  readonly intervalMs?: number;
}

/**
 * Summaries for people: one line per call on stdout, failures on stderr, each response body with `--verbose`, and
 * on a terminal a progress line that is erased when the call ends.
 */
export class HumanReporter implements Reporter {
  #timer: NodeJS.Timeout | undefined;
  #progressShown = false;

  constructor(
    private readonly out: Sink,
    private readonly err: Sink,
    private readonly options: HumanReporterOptions,
  ) {}

  begin(action: Action, request: ApiRequest): void {
    if (!this.options.progress || this.out.isTTY !== true) return;
    const now = this.options.now ?? Date.now;
    const started = now();
    const draw = (): void => {
      this.out.write(`${CLEAR_LINE}${action.option}: ${request.method} ${request.path} ... ${formatDuration(now() - started)}`);
      this.#progressShown = true;
    };
    draw();
    this.#timer = setInterval(draw, this.options.intervalMs ?? 1000);
    this.#timer.unref();
  }

  #endProgress(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#progressShown) this.out.write(CLEAR_LINE);
    this.#progressShown = false;
  }

  result(report: CallReport): void {
    this.#endProgress();
    const renewed = report.renewedBy === undefined ? "" : ` (access token renewed by ${report.renewedBy})`;
    if (report.outcome === "ok" || report.outcome === "partial") this.out.write(`${report.text}${renewed}\n`);
    else this.err.write(`fusiondirectory-orchestrator-client: ${report.option}: ${report.text}\n`);
    if (report.outcome === "partial") this.err.write(`fusiondirectory-orchestrator-client: ${report.option}: the server reported failures\n`);
    if (this.options.verbose && report.body !== undefined) {
      this.out.write(`${typeof report.body === "string" ? report.body : JSON.stringify(report.body, null, 2)}\n`);
    }
  }

  close(): void {
    this.#endProgress();
  }
}

/** `--json`: one JSON document per call, on its own line. */
export class JsonReporter implements Reporter {
  constructor(private readonly out: Sink) {}

  begin(): void {}

  result(report: CallReport): void {
    const document = {
      option: report.option,
      method: report.method,
      path: report.path,
      dryRun: report.dryRun,
      status: report.status,
      ok: report.outcome === "ok",
      outcome: report.outcome,
      durationMs: Math.round(report.durationMs),
      message: report.text,
      ...(report.summary === undefined ? {} : { summary: report.summary }),
      ...(report.tasks === undefined ? {} : { tasks: report.tasks }),
      ...(report.renewedBy === undefined ? {} : { renewedBy: report.renewedBy }),
      ...(report.error === undefined ? {} : { error: report.error }),
      ...(report.body === undefined ? {} : { body: report.body }),
    };
    this.out.write(`${JSON.stringify(document)}\n`);
  }
}

const pad = (value: number): string => String(value).padStart(2, "0");

/** Upstream's `Y-m-d H:i:s`, local time. */
export function logTimestamp(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * `--log`: timestamped lines with the call, the status and the summary; the auth exchanges by status only; the
 * response body too with `--verbose`. Lines go through the redacting sink like everything else.
 */
export class LogFileReporter implements Reporter {
  constructor(
    private readonly file: Sink,
    private readonly options: { readonly verbose: boolean; readonly now?: () => Date },
  ) {}

  #line(text: string): void {
    this.file.write(`${logTimestamp((this.options.now ?? (() => new Date()))())} ${text.replace(/\n/g, ", ")}\n`);
  }

  begin(): void {}

  auth(event: TraceEvent): void {
    const outcome = event.status === undefined ? `failed: ${event.error?.message ?? "no answer"}` : String(event.status);
    this.#line(`${event.method} ${event.path} ${outcome}${event.note === undefined ? "" : ` (${event.note})`}`);
  }

  result(report: CallReport): void {
    this.#line(`${report.option} ${report.method} ${report.path} ${report.status ?? "-"} ${report.outcome}: ${report.text}`);
    if (this.options.verbose && report.body !== undefined) this.#line(`${report.option} body: ${JSON.stringify(report.body)}`);
  }
}
