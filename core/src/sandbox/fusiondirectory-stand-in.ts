// A FusionDirectory REST API stand-in on loopback: the tests script it, `demo` uses its default behaviour so that
// life-cycle refreshes and cyclic task activations succeed without a FusionDirectory.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * One request as the fake received it.
 * @public
 */
export interface RecordedCall {
  readonly method: string;
  /** Path below the API prefix, still URL-encoded, e.g. `/objects/tasks/cn%3Dx%2Cou%3Dtasks`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, or the raw text when it is not JSON; `undefined` when empty. */
  readonly body: unknown;
}

/**
 * A scripted answer; `delayMs` holds the response back (timeouts), `raw` sends text as is.
 * @public
 */
export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: string;
  readonly delayMs?: number;
}

/**
 * Options of {@link startFakeFusionDirectory}: the webservice account it accepts.
 * @public
 */
export interface FakeFusionDirectoryOptions {
  readonly login?: string;
  readonly password?: string;
}

/**
 * A local stand-in for FusionDirectory's REST API (`/rest.php/v1`) that records every call.
 * @public
 */
export interface FakeFusionDirectory {
  /** `http://127.0.0.1:<port>`; the API lives under `/rest.php/v1`. */
  readonly url: string;
  /** `url + "/rest.php/v1"`: the value of FUSIONDIRECTORY_WEBSERVICE_URL. */
  readonly apiUrl: string;
  readonly login: string;
  readonly password: string;
  readonly calls: RecordedCall[];
  /** Session tokens handed out, in order. */
  readonly issuedTokens: string[];
  /** Calls other than `/login`. */
  apiCalls(): RecordedCall[];
  /** Answers matching calls with `reply` instead of the default behaviour (checked before the session). */
  override(reply: (call: RecordedCall) => FakeReply | undefined | Promise<FakeReply | undefined>): void;
  /** Forgets every session, so the next call with an old token gets 401. */
  expireSessions(): void;
  stop(): Promise<void>;
}

const PREFIX = "/rest.php/v1";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parse(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Starts the fake on 127.0.0.1 (random port). Default behaviour, as FusionDirectory's: `POST /login` with the right
 * `{"user", "password"}` answers a JSON-string session token (else 401); other calls need a live `session-token`
 * header (else 401); `PATCH /objects/<type>/<dn>` (a task's activation, a user's refresh) answers the decoded DN as
 * a JSON string; anything else 404.
 * @public
 */
export async function startFakeFusionDirectory(options: FakeFusionDirectoryOptions = {}): Promise<FakeFusionDirectory> {
  const login = options.login ?? "fd-webservice";
  const password = options.password ?? "fd-webservice-secret-42";
  const calls: RecordedCall[] = [];
  const issuedTokens: string[] = [];
  const sessions = new Set<string>();
  const overrides: Array<(call: RecordedCall) => FakeReply | undefined | Promise<FakeReply | undefined>> = [];

  const send = (response: ServerResponse, reply: FakeReply): void => {
    const text = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
    const finish = (): void => {
      if (response.destroyed) return;
      response.writeHead(reply.status, { "content-type": "application/json" }).end(text);
    };
    if (reply.delayMs === undefined) finish();
    else setTimeout(finish, reply.delayMs).unref();
  };

  const defaultReply = (call: RecordedCall): FakeReply => {
    if (call.method === "POST" && call.path === "/login") {
      const body = call.body as { user?: unknown; password?: unknown } | undefined;
      if (body?.user !== login || body.password !== password) return { status: 401, body: "Invalid login or password" };
      const token = `session-${issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
      issuedTokens.push(token);
      sessions.add(token);
      return { status: 200, body: token };
    }
    const token = call.headers["session-token"];
    if (token === undefined || !sessions.has(token)) return { status: 401, body: "Invalid session token" };
    const object = /^\/objects\/[^/]+\/([^/]+)$/.exec(call.path);
    if (call.method === "PATCH" && object !== null) return { status: 200, body: decodeURIComponent(object[1] as string) };
    return { status: 404, body: { message: `no route ${call.method} ${call.path}` } };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const rawPath = (request.url ?? "/").split("?")[0] as string;
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const call: RecordedCall = { method: request.method ?? "", path: rawPath.startsWith(PREFIX) ? rawPath.slice(PREFIX.length) : rawPath, headers, body: parse(await readBody(request)) };
      calls.push(call);
      if (!rawPath.startsWith(`${PREFIX}/`)) return send(response, { status: 404, body: "not the FusionDirectory API" });
      for (const override of overrides) {
        const reply = await override(call);
        if (reply !== undefined) return send(response, reply);
      }
      send(response, defaultReply(call));
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}${PREFIX}`,
    login,
    password,
    calls,
    issuedTokens,
    apiCalls: () => calls.filter((call) => call.path !== "/login"),
    override: (reply) => overrides.push(reply),
    expireSessions: () => sessions.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The orchestrator.conf keys that point the orchestrator at `fake`.
 * @public
 */
export function fakeFusionDirectoryConfig(fake: FakeFusionDirectory): Record<string, string> {
  return { FUSIONDIRECTORY_WEBSERVICE_URL: fake.apiUrl, FUSIONDIRECTORY_WEBSERVICE_LOGIN: fake.login, FUSIONDIRECTORY_WEBSERVICE_PASSWORD: fake.password };
}
