import type { LogFields, Logger } from "@fdo/sdk";
import { type Logger as PinoLogger, pino } from "pino";

// Field names whose values are secrets wherever they appear in a log line (one or two levels deep).
const SECRET_FIELDS = ["password", "pass", "secret", "token", "accessToken", "refreshToken", "access_token", "refresh_token", "authorization", "cookie"];
const REDACT_PATHS = SECRET_FIELDS.flatMap((name) => [name, `*.${name}`]);

export interface LoggerOptions {
  readonly level: "debug" | "info" | "warn" | "error";
  /** Where JSON lines go; standard output by default. */
  readonly stream?: NodeJS.WritableStream;
}

class PinoAdapter implements Logger {
  constructor(private readonly target: PinoLogger) {}
  debug(message: string, fields?: LogFields): void {
    this.target.debug(fields ?? {}, message);
  }
  info(message: string, fields?: LogFields): void {
    this.target.info(fields ?? {}, message);
  }
  warn(message: string, fields?: LogFields): void {
    this.target.warn(fields ?? {}, message);
  }
  error(message: string, fields?: LogFields): void {
    this.target.error(fields ?? {}, message);
  }
  child(bindings: LogFields): Logger {
    return new PinoAdapter(this.target.child(bindings));
  }
}

/** JSON-lines logger (pino) that redacts secret-looking fields. */
export function createLogger(options: LoggerOptions): Logger {
  const target = pino({ level: options.level, base: { service: "fusiondirectory-orchestrator" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, options.stream ?? process.stdout);
  return new PinoAdapter(target);
}
