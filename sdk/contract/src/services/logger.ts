/**
 * Structured fields attached to a log line. Never put secrets (passwords, tokens) in them: the host redacts
 * well-known secret field names, but not values hidden elsewhere.
 * @public
 */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured logger. Inside a plugin's scope every line carries the plugin id.
 * @public
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings`. */
  child(bindings: LogFields): Logger;
}
