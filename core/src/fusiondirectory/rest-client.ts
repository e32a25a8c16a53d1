import { type FusionDirectoryClient, type FusionDirectoryRequest, type FusionDirectoryResponse, FusionDirectoryUnavailableError, type Logger } from "@fdo/sdk";
import { decodeBody } from "./decode-body.js";
import { HttpExchanger } from "./http-exchange.js";

/**
 * Options of {@link FusionDirectoryRestClient}.
 * @public
 */
export interface FusionDirectoryRestClientOptions {
  /** `FUSIONDIRECTORY_WEBSERVICE_URL`, e.g. `https://fd.example.org/rest.php/v1` (a trailing `/` is ignored). */
  readonly baseUrl: string;
  readonly login: string;
  readonly password: string;
  /** Deadline of one HTTP exchange, body included; default 10 000 ms. */
  readonly timeoutMs?: number;
  readonly logger: Logger;
}

const USER_AGENT = "FusionDirectory-Orchestrator (Node.js)";

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  // Socket and TLS failures carry the useful part (ECONNREFUSED, certificate errors) in their code.
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" && !message.includes(code) ? `${code} ${message}` : message;
}

/**
 * FusionDirectory's REST API over keep-alive HTTP (TLS verified by Node; add private CAs with `NODE_EXTRA_CA_CERTS`).
 * Upstream's protocol: `POST <base>/login` with `{"user", "password"}` answers the session token as a JSON string,
 * later calls carry it in a `session-token` header. The session is opened lazily, shared by concurrent calls, and
 * re-opened once when FusionDirectory answers 401 (it expired). HTTP error statuses are returned, not thrown: the
 * caller decides what a 4xx means; only "no usable answer" throws `FDO_ERR_FD_UNAVAILABLE`.
 * The password and the session token live in private fields and are never logged.
 * @public
 */
export class FusionDirectoryRestClient implements FusionDirectoryClient {
  readonly #base: string;
  readonly #login: string;
  readonly #password: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #http: HttpExchanger;
  #session: Promise<string> | undefined;

  constructor(options: FusionDirectoryRestClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#login = options.login;
    this.#password = options.password;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#logger = options.logger;
    this.#http = new HttpExchanger(this.#timeoutMs);
  }

  /** Closes the kept-alive connections; a later call opens new ones. */
  close(): void {
    this.#http.close();
  }

  async call(request: FusionDirectoryRequest): Promise<FusionDirectoryResponse> {
    const session = this.#openSession();
    const response = await this.#exchange(request, await session);
    if (response.status !== 401) return response;
    this.#logger.info("FusionDirectory session rejected, logging in again", { path: request.path });
    // Only the caller whose session was rejected resets it; a concurrent caller may already hold a newer one.
    if (this.#session === session) this.#session = undefined;
    return this.#exchange(request, await this.#openSession());
  }

  #openSession(): Promise<string> {
    if (this.#session === undefined) {
      const opening = this.#logIn();
      this.#session = opening;
      // A failed login is not cached: the next call tries again.
      opening.catch(() => {
        if (this.#session === opening) this.#session = undefined;
      });
    }
    return this.#session;
  }

  async #logIn(): Promise<string> {
    const response = await this.#exchange({ method: "POST", path: "/login", body: { user: this.#login, password: this.#password } }, undefined);
    if (response.status < 200 || response.status > 299) {
      this.#logger.warn("FusionDirectory login failed", { user: this.#login, status: response.status });
      throw new FusionDirectoryUnavailableError(`FusionDirectory login failed with HTTP ${response.status}`, { details: { status: response.status } });
    }
    if (typeof response.body !== "string" || response.body === "") {
      throw new FusionDirectoryUnavailableError("FusionDirectory login answered without a session token");
    }
    this.#logger.info("logged in to FusionDirectory", { user: this.#login });
    return response.body;
  }

  async #exchange(request: FusionDirectoryRequest, sessionToken: string | undefined): Promise<FusionDirectoryResponse> {
    const path = request.path.startsWith("/") ? request.path : `/${request.path}`;
    const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT };
    if (sessionToken !== undefined) headers["session-token"] = sessionToken;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.#http.exchange(new URL(`${this.#base}${path}`), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      }));
    } catch (error) {
      const reason = describeFailure(error, this.#timeoutMs);
      this.#logger.warn("FusionDirectory call failed", { method: request.method, path, reason });
      throw new FusionDirectoryUnavailableError(`FusionDirectory ${request.method} ${path}: ${reason}`, { cause: error });
    }
    this.#logger.debug("FusionDirectory call", { method: request.method, path, status, ms: Date.now() - started });
    return { status, body: decodeBody(text) };
  }
}
