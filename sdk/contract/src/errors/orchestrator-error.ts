// Symbol.for: the same symbol in every copy of the SDK, so an error thrown by a plugin's bundled copy is recognised
// by the host's.
const BRAND = Symbol.for("fdo.sdk.error");

/**
 * Extra data carried by an {@link OrchestratorError}.
 * @public
 */
export interface OrchestratorErrorOptions {
  /** The underlying failure; logged by the host, never sent to HTTP clients. */
  readonly cause?: unknown;
  /** Structured, client-safe facts about the failure (sent in the JSON body as `details`). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** HTTP headers to add to the error response (e.g. `Allow`, `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Base of every error the orchestrator reports. `code` is stable (`FDO_ERR_<AREA>_<WHAT>`) and is what clients
 * and tests should match on; `message` is for humans and may change.
 * @public
 */
export class OrchestratorError extends Error {
  /** Stable machine-readable code, e.g. `FDO_ERR_AUTH_TOKEN_EXPIRED`. */
  readonly code: string;
  /** HTTP status the error maps to. */
  readonly status: number;
  /** Client-safe structured details. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Headers for the HTTP error response. */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: string, status: number, message: string, options: OrchestratorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OrchestratorError";
    this.code = code;
    this.status = status;
    this.details = options.details;
    this.headers = options.headers;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `instanceof OrchestratorError` holds for an error of any SDK copy; subclasses keep the ordinary check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about (a subclass or this one).
    return this === OrchestratorError ? isOrchestratorError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** The JSON body sent to HTTP clients: `{code, message}` plus `details` when present. */
  toJSON(): { code: string; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * True for any {@link OrchestratorError}, including one created by another copy of the SDK (a plugin that
 * bundled its own): it checks the `Symbol.for("fdo.sdk.error")` brand, not the class.
 * @public
 */
export function isOrchestratorError(value: unknown): value is OrchestratorError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * A class of {@link OrchestratorError} with a fixed code and status, as produced by {@link defineError}.
 * @public
 */
export interface OrchestratorErrorClass {
  new (message?: string, options?: OrchestratorErrorOptions): OrchestratorError;
  readonly code: string;
  readonly status: number;
  /** The message used when none is given; also what clients see of a 5xx error. */
  readonly defaultMessage: string;
}

/**
 * Declares an error with a stable code, an HTTP status and a default message. Plugins use it for their own
 * codes; prefix them with `FDO_ERR_<PLUGIN ID>_`.
 *
 * @example
 * ```ts
 * export const TemplateMissingError = defineError("FDO_ERR_MAIL_TEMPLATE_MISSING", 422, "mail template not found");
 * throw new TemplateMissingError(`template ${cn} not found`);
 * ```
 * @public
 */
export function defineError(code: string, status: number, defaultMessage: string): OrchestratorErrorClass {
  if (!/^FDO_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(code)) {
    throw new TypeError(`error code ${code} does not follow FDO_ERR_<AREA>_<WHAT>`);
  }
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new TypeError(`error ${code}: HTTP status ${status} is not a 4xx or 5xx status`);
  }
  const errorClass = class extends OrchestratorError {
    static readonly code = code;
    static readonly status = status;
    static readonly defaultMessage = defaultMessage;
    constructor(message: string = defaultMessage, options?: OrchestratorErrorOptions) {
      super(code, status, message, options);
    }

    /** `instanceof` matches by code, so it also holds for the same error created by another SDK copy. */
    static override [Symbol.hasInstance](value: unknown): boolean {
      return isOrchestratorError(value) && value.code === code;
    }
  };
  Object.defineProperty(errorClass, "name", { value: code });
  return errorClass;
}
