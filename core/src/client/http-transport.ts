import http from "node:http";
import https from "node:https";

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole exchange, from connecting to the last byte of the answer. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export type TransportErrorKind = "timeout" | "tls" | "connect" | "network" | "aborted" | "too-large";

/** The exchange did not produce an HTTP answer. `code` is node's error code (ECONNREFUSED, CERT_HAS_EXPIRED...). */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export interface TransportOptions {
  /** PEM CA certificate(s) trusted instead of the system store. */
  readonly ca?: string | undefined;
  /** Skip certificate verification. */
  readonly insecure?: boolean;
  /** Larger answers are refused. */
  readonly maxResponseBytes?: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

function classify(error: NodeJS.ErrnoException, url: URL): TransportError {
  const code = error.code;
  if (code !== undefined && CONNECT_CODES.has(code)) {
    return new TransportError("connect", `cannot connect to ${url.host} (${code})`, code, { cause: error });
  }
  if (code !== undefined && /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_|HOSTNAME/.test(code)) {
    return new TransportError("tls", `TLS failure with ${url.host}: ${error.message} (${code})`, code, { cause: error });
  }
  return new TransportError("network", `connection to ${url.host} failed: ${error.message}${code === undefined ? "" : ` (${code})`}`, code, { cause: error });
}

/**
 * HTTP(S) over node's own client with a private keep-alive agent: one connection serves the whole run, the CA
 * file and the insecure switch apply to it only, and `close()` lets the process exit at once.
 */
export function createTransport(options: TransportOptions = {}): { send: Transport; close(): void } {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 1,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    rejectUnauthorized: options.insecure !== true,
  });
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;

  const send: Transport = (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      const body = request.body === undefined ? undefined : Buffer.from(request.body, "utf8");
      let settled = false;
      const finish = (error: TransportError | undefined, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
        if (error === undefined) resolve(response as HttpResponse);
        else {
          outgoing.destroy();
          reject(error);
        }
      };
      const timer = setTimeout(() => {
        finish(new TransportError("timeout", `no complete answer from ${url.host} within ${request.timeoutMs / 1000} s`, "ETIMEDOUT"));
      }, request.timeoutMs);
      const onAbort = (): void => finish(new TransportError("aborted", "interrupted", "ABORT_ERR"));

      const outgoing = (secure ? https : http).request(
        url,
        {
          method: request.method,
          agent: secure ? httpsAgent : httpAgent,
          headers: { ...request.headers, "content-length": String(body?.length ?? 0) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) finish(new TransportError("too-large", `answer from ${url.host} is larger than ${limit} bytes`, undefined));
            else chunks.push(chunk);
          });
          incoming.on("error", (error: NodeJS.ErrnoException) => finish(classify(error, url)));
          incoming.on("end", () =>
            finish(undefined, {
              status: incoming.statusCode ?? 0,
              contentType: incoming.headers["content-type"] ?? "",
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      outgoing.on("error", (error: NodeJS.ErrnoException) => finish(classify(error, url)));
      if (request.signal?.aborted === true) {
        onAbort();
        return;
      }
      request.signal?.addEventListener("abort", onAbort, { once: true });
      outgoing.end(body);
    });

  return {
    send,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
