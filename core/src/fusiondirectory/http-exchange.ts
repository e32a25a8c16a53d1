// FusionDirectory exchanges over node:http(s) with keep-alive connections. fetch (undici) cost a life cycle run about
// a fifth of its CPU, one refresh call per subtask: web streams, an AbortSignal and a transferable per call.
import http from "node:http";
import https from "node:https";

/** What came back: the status and the body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

export interface HttpRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** Methods a client may repeat on its own (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** A kept-alive connection unused this long is closed by us. */
const IDLE_SOCKET_MS = 4_000;

/** The deadline of a whole exchange passed (named as fetch named it). */
export class HttpTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * One keep-alive agent per FusionDirectory client. TLS is verified by Node (private CAs via `NODE_EXTRA_CA_CERTS`);
 * redirects are refused, as the client's fetch did (`redirect: "error"`).
 */
export class HttpExchanger {
  // Idle connections are closed before the usual server keep-alive (Apache's 5 s) can close them under a request.
  readonly #agents = { http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) };

  constructor(private readonly timeoutMs: number) {}

  async exchange(url: URL, request: HttpRequest): Promise<HttpAnswer> {
    try {
      return await this.#once(url, request);
    } catch (error) {
      // The server closed a kept-alive connection as the request went out, before any answer. Only a request that may
      // safely be made twice (RFC 9110 §9.2.2) is sent again: a POST or PATCH may have been acted on (FusionDirectory
      // activating a task twice creates its subtasks twice), so its caller gets the error.
      if ((error as { resendable?: boolean }).resendable === true && IDEMPOTENT.has(request.method.toUpperCase())) return this.#once(url, request);
      throw error;
    }
  }

  /** Closes the kept-alive connections (the host is stopping). */
  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  #once(url: URL, request: HttpRequest): Promise<HttpAnswer> {
    const secure = url.protocol === "https:";
    const send = secure ? https.request : http.request;
    return new Promise<HttpAnswer>((resolve, reject) => {
      let answered = false;
      let settled = false;
      // Node reports a failure once, on the request or on the answer, whichever it belongs to: both end here.
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outgoing.destroy();
        reject(error);
      };
      const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
      const headers = body === undefined ? request.headers : { ...request.headers, "content-length": String(body.length) };
      const outgoing = send(url, { method: request.method, headers, agent: secure ? this.#agents.https : this.#agents.http }, (incoming) => {
        answered = true;
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status <= 399) {
          incoming.resume();
          fail(new Error(`unexpected redirect (HTTP ${status})`));
          return;
        }
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", fail);
        incoming.on("close", () => {
          if (!incoming.complete) fail(new Error("the connection closed before the whole answer arrived"));
        });
        incoming.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status, text: Buffer.concat(chunks).toString("utf8") });
        });
      });
      const timer = setTimeout(() => fail(new HttpTimeoutError(this.timeoutMs)), this.timeoutMs);
      outgoing.on("error", (error) => fail(Object.assign(error, { resendable: !answered && outgoing.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET" })));
      outgoing.end(body);
    });
  }
}
