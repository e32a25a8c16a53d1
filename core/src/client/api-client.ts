import type { HttpResponse, Transport } from "./http-transport.js";

/** One API call of a run (everything but the auth endpoints). */
export interface ApiRequest {
  readonly method: "GET" | "PATCH";
  /** Path under the base URL, with its query, e.g. `/api/tasks/mail?dryRun=true`. */
  readonly path: string;
  readonly body?: unknown;
}

export interface ApiAnswer {
  readonly status: number;
  /** Parsed JSON, or the text when it is not JSON (`undefined` when empty). */
  readonly body: unknown;
  readonly text: string;
  readonly durationMs: number;
  /** How an expired access token was renewed before the answer, if it was. */
  readonly renewedBy?: "refresh" | "login";
}

/** What `--debug` may show about an exchange: never a body, never a header. */
export interface TraceEvent {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly durationMs: number;
  readonly error?: Error;
  readonly note?: string;
}

/** The server refused the credentials or a token; `status`/`code` are the server's. */
export class AuthRefusedError extends Error {
  override readonly name = "AuthRefusedError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** An auth endpoint answered something that is neither a token pair nor a refusal (5xx, 404, garbage). */
export class UnexpectedAnswerError extends Error {
  override readonly name = "UnexpectedAnswerError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly login: string;
  readonly password: string;
  readonly send: Transport;
  readonly authTimeoutMs: number;
  readonly taskTimeoutMs: number;
  /** Every token received is reported here first, so that output can be redacted. */
  readonly onSecret: (secret: string) => void;
  readonly onTrace?: (event: TraceEvent) => void;
  readonly signal?: AbortSignal;
  readonly userAgent?: string;
  readonly now?: () => number;
}

interface TokenPair {
  readonly access: string;
  readonly refresh: string;
}

export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function fieldOf(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

/** The server's `{code, message}` (upstream sent `{message}` only). */
export function errorOf(body: unknown): { code: string | undefined; message: string | undefined } {
  const code = fieldOf(body, "code");
  const message = fieldOf(body, "message");
  return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : undefined };
}

/** 401 because the access token expired: this server's code, or upstream's message. */
export function isTokenExpired(status: number, body: unknown): boolean {
  if (status !== 401) return false;
  const { code, message } = errorOf(body);
  return code === "FDO_ERR_AUTH_TOKEN_EXPIRED" || (code === undefined && message === "token has expired");
}

function describe(status: number, body: unknown, text: string): string {
  const { code, message } = errorOf(body);
  if (message !== undefined) return code === undefined ? message : `${code}: ${message}`;
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return snippet === "" ? `HTTP ${status}` : `HTTP ${status}: ${snippet}`;
}

/**
 * The orchestrator's API as a run uses it: one login, calls with the access token, and on a 401 "token has
 * expired" one renewal (refresh, or a new login when the refresh is refused) and one retry. Tokens and the
 * password stay in here; nothing that holds them is ever returned.
 */
export class ApiClient {
  readonly #options: ApiClientOptions;
  #tokens: TokenPair | undefined;

  constructor(options: ApiClientOptions) {
    this.#options = options;
  }

  get loggedIn(): boolean {
    return this.#tokens !== undefined;
  }

  async #exchange(method: string, path: string, body: unknown, timeoutMs: number, access?: string, useRunSignal = true): Promise<{ response: HttpResponse; durationMs: number }> {
    const { baseUrl, send, onTrace, userAgent } = this.#options;
    const signal = useRunSignal ? this.#options.signal : undefined;
    const now = this.#options.now ?? Date.now;
    const headers: Record<string, string> = {
      accept: "application/json",
      "content-type": "application/json",
      "user-agent": userAgent ?? "fusiondirectory-orchestrator-client",
    };
    if (access !== undefined) headers["authorization"] = `Bearer ${access}`;
    const started = now();
    const tracePath = path.split("?")[0] ?? path;
    try {
      const response = await send({
        method,
        url: `${baseUrl}${path}`,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs,
        ...(signal === undefined ? {} : { signal }),
      });
      onTrace?.({ method, path: tracePath, status: response.status, durationMs: now() - started });
      return { response, durationMs: now() - started };
    } catch (error) {
      onTrace?.({ method, path: tracePath, durationMs: now() - started, error: error as Error });
      throw error;
    }
  }

  /** Reads a token pair from a login/refresh answer, reporting both tokens as secrets before anything else. */
  #pairOf(response: HttpResponse): TokenPair | undefined {
    const body = parseBody(response.text);
    const access = fieldOf(body, "access_token");
    const refresh = fieldOf(body, "refresh_token");
    if (typeof access === "string") this.#options.onSecret(access);
    if (typeof refresh === "string") this.#options.onSecret(refresh);
    if (response.status !== 200 || typeof access !== "string" || typeof refresh !== "string" || access === "" || refresh === "") return undefined;
    return { access, refresh };
  }

  /** `POST /api/login`. Throws {@link AuthRefusedError} (4xx) or {@link UnexpectedAnswerError}; transport errors as they are. */
  async login(): Promise<void> {
    const { login, password, authTimeoutMs } = this.#options;
    const { response } = await this.#exchange("POST", "/api/login", { username: login, password }, authTimeoutMs);
    const pair = this.#pairOf(response);
    if (pair !== undefined) {
      this.#tokens = pair;
      return;
    }
    // A refusal never contains tokens; the text is only ever looked at after #pairOf found none.
    const body = parseBody(response.text);
    if (response.status >= 400 && response.status < 500 && response.status !== 404 && response.status !== 405) {
      throw new AuthRefusedError(`login refused for ${login}: ${describe(response.status, body, response.text)}`, response.status, errorOf(body).code);
    }
    throw new UnexpectedAnswerError(response.status === 200 ? "login answered 200 without a token pair" : `login failed: ${describe(response.status, body, "")}`, response.status);
  }

  /** `POST /api/refresh`; false when the server refuses (the caller then logs in again). */
  async #refresh(): Promise<boolean> {
    const tokens = this.#tokens;
    if (tokens === undefined) return false;
    const { response } = await this.#exchange("POST", "/api/refresh", { token: tokens.refresh }, this.#options.authTimeoutMs);
    const pair = this.#pairOf(response);
    if (pair === undefined) return false;
    this.#tokens = pair;
    return true;
  }

  /**
   * Runs one call. An expired access token is renewed once (refresh, else a new login) and the call retried once;
   * any other answer, error statuses included, is returned as it is.
   */
  async call(request: ApiRequest): Promise<ApiAnswer> {
    if (this.#tokens === undefined) await this.login();
    const first = await this.#send(request);
    if (!isTokenExpired(first.status, first.body)) return first;
    let renewedBy: "refresh" | "login" = "refresh";
    if (!(await this.#refresh())) {
      renewedBy = "login";
      await this.login();
    }
    const retried = await this.#send(request);
    return { ...retried, renewedBy };
  }

  async #send(request: ApiRequest): Promise<ApiAnswer> {
    const access = this.#tokens?.access;
    const { response, durationMs } = await this.#exchange(request.method, request.path, request.body, this.#options.taskTimeoutMs, access);
    return { status: response.status, body: parseBody(response.text), text: response.text, durationMs };
  }

  /**
   * `POST /api/logout` with the refresh token (revokes the session). Returns false, never throws, when that did
   * not work; the tokens are forgotten either way. It ignores the run's abort signal (an interrupted run still
   * logs out) and takes at most `timeoutMs`.
   */
  async logout(timeoutMs = this.#options.authTimeoutMs): Promise<boolean> {
    const tokens = this.#tokens;
    if (tokens === undefined) return true;
    this.#tokens = undefined;
    try {
      const { response } = await this.#exchange("POST", "/api/logout", { token: tokens.refresh }, timeoutMs, undefined, false);
      return response.status === 200 && response.text.trim() === "";
    } catch {
      return false;
    }
  }
}
