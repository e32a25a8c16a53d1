import test from "ava";
import { ApiClient, AuthRefusedError, isTokenExpired, type TraceEvent, UnexpectedAnswerError } from "./api-client.js";
import type { HttpRequest, HttpResponse } from "./http-transport.js";

type Responder = (request: HttpRequest) => HttpResponse;

const json = (status: number, body: unknown): HttpResponse => ({ status, contentType: "application/json", text: body === "" ? "" : JSON.stringify(body) });
const pair = (n: number) => json(200, { access_token: `access-${n}`, refresh_token: `refresh-${n}` });
const expired = json(401, { code: "FDO_ERR_AUTH_TOKEN_EXPIRED", message: "token has expired" });

function fake(responders: Record<string, Responder[]>) {
  const requests: HttpRequest[] = [];
  const secrets: string[] = [];
  const traces: TraceEvent[] = [];
  const api = new ApiClient({
    baseUrl: "https://fd.example.org/orchestrator",
    login: "orchestrator",
    password: "pw-1234",
    authTimeoutMs: 30000,
    taskTimeoutMs: 300000,
    onSecret: (secret) => secrets.push(secret),
    onTrace: (event) => traces.push(event),
    send: async (request) => {
      requests.push(request);
      const key = `${request.method} ${new URL(request.url).pathname}`;
      const next = responders[key]?.shift();
      if (next === undefined) throw new Error(`unexpected ${key}`);
      return next(request);
    },
  });
  const seen = () => requests.map((request) => `${request.method} ${new URL(request.url).pathname} ${request.headers["authorization"] ?? "-"}`);
  return { api, requests, secrets, traces, seen };
}

test("logs in once, then calls with the access token; tokens are reported as secrets", async (t) => {
  const { api, requests, secrets, seen } = fake({
    "POST /orchestrator/api/login": [() => pair(1)],
    "GET /orchestrator/api/tasks/": [() => json(200, [])],
    "PATCH /orchestrator/api/tasks/audit": [() => json(200, { ok: true })],
    "POST /orchestrator/api/logout": [() => json(200, "")],
  });
  t.deepEqual((await api.call({ method: "GET", path: "/api/tasks/" })).body, []);
  const answer = await api.call({ method: "PATCH", path: "/api/tasks/audit", body: { type: "syslog" } });
  t.is(answer.status, 200);
  t.is(answer.renewedBy, undefined);
  t.true(await api.logout());
  t.deepEqual(seen(), ["POST /orchestrator/api/login -", "GET /orchestrator/api/tasks/ Bearer access-1", "PATCH /orchestrator/api/tasks/audit Bearer access-1", "POST /orchestrator/api/logout -"]);
  t.deepEqual(JSON.parse(requests[0]?.body ?? ""), { username: "orchestrator", password: "pw-1234" });
  t.deepEqual(JSON.parse(requests[2]?.body ?? ""), { type: "syslog" });
  t.is(requests[2]?.headers["content-type"], "application/json");
  t.deepEqual(JSON.parse(requests[3]?.body ?? ""), { token: "refresh-1" });
  t.deepEqual(secrets, ["access-1", "refresh-1"]);
  t.false(api.loggedIn);
});

test("an expired access token is refreshed and the call retried once", async (t) => {
  const { api, requests, seen } = fake({
    "POST /orchestrator/api/login": [() => pair(1)],
    "POST /orchestrator/api/refresh": [() => pair(2)],
    "PATCH /orchestrator/api/tasks/mail": [() => expired, () => json(200, { done: 1 })],
  });
  const answer = await api.call({ method: "PATCH", path: "/api/tasks/mail" });
  t.is(answer.status, 200);
  t.is(answer.renewedBy, "refresh");
  t.deepEqual(seen(), [
    "POST /orchestrator/api/login -",
    "PATCH /orchestrator/api/tasks/mail Bearer access-1",
    "POST /orchestrator/api/refresh -",
    "PATCH /orchestrator/api/tasks/mail Bearer access-2",
  ]);
  t.deepEqual(JSON.parse(requests[2]?.body ?? ""), { token: "refresh-1" });
});

test("when the refresh is refused the client logs in again", async (t) => {
  const { api, seen } = fake({
    "POST /orchestrator/api/login": [() => pair(1), () => pair(3)],
    "POST /orchestrator/api/refresh": [() => json(400, { code: "FDO_ERR_AUTH_REFRESH_INVALID", message: "invalid token" })],
    // Upstream's wording, without a code, counts as expired too.
    "GET /orchestrator/api/tasks/": [() => json(401, { message: "token has expired" }), () => json(200, [])],
  });
  const answer = await api.call({ method: "GET", path: "/api/tasks/" });
  t.is(answer.renewedBy, "login");
  t.deepEqual(seen().slice(-2), ["POST /orchestrator/api/login -", "GET /orchestrator/api/tasks/ Bearer access-3"]);
});

test("only one retry; other 401s are returned as they are", async (t) => {
  const twice = fake({
    "POST /orchestrator/api/login": [() => pair(1)],
    "POST /orchestrator/api/refresh": [() => pair(2)],
    "GET /orchestrator/api/tasks/": [() => expired, () => expired],
  });
  t.is((await twice.api.call({ method: "GET", path: "/api/tasks/" })).status, 401);
  t.is(twice.requests.length, 4);
  const invalid = fake({
    "POST /orchestrator/api/login": [() => pair(1)],
    "GET /orchestrator/api/tasks/": [() => json(401, { code: "FDO_ERR_AUTH_TOKEN_INVALID", message: "invalid signature" })],
  });
  t.is((await invalid.api.call({ method: "GET", path: "/api/tasks/" })).status, 401);
  t.is(invalid.requests.length, 2);
});

test("login refusals and unexpected answers are told apart", async (t) => {
  const refused = fake({ "POST /orchestrator/api/login": [() => json(401, { code: "FDO_ERR_AUTH_INVALID_CREDENTIALS", message: "invalid authentication" })] });
  const error = await t.throwsAsync(refused.api.call({ method: "GET", path: "/api/tasks/" }), { instanceOf: AuthRefusedError });
  t.is(error?.status, 401);
  t.is(error?.code, "FDO_ERR_AUTH_INVALID_CREDENTIALS");
  t.regex(error?.message ?? "", /login refused for orchestrator: FDO_ERR_AUTH_INVALID_CREDENTIALS: invalid authentication/);
  t.false((error?.message ?? "").includes("pw-1234"));

  const throttled = fake({ "POST /orchestrator/api/login": [() => json(429, { code: "FDO_ERR_AUTH_RATE_LIMITED", message: "too many" })] });
  await t.throwsAsync(throttled.api.login(), { instanceOf: AuthRefusedError });
  const broken = fake({ "POST /orchestrator/api/login": [() => json(500, { code: "FDO_ERR_INTERNAL", message: "internal error" })] });
  await t.throwsAsync(broken.api.login(), { instanceOf: UnexpectedAnswerError, message: /login failed: FDO_ERR_INTERNAL/ });
  const empty = fake({ "POST /orchestrator/api/login": [() => json(200, { access_token: "only-one" })] });
  await t.throwsAsync(empty.api.login(), { instanceOf: UnexpectedAnswerError, message: "login answered 200 without a token pair" });
  t.deepEqual(empty.secrets, ["only-one"]);
  const missing = fake({ "POST /orchestrator/api/login": [() => ({ status: 404, contentType: "", text: "" })] });
  await t.throwsAsync(missing.api.login(), { instanceOf: UnexpectedAnswerError, message: "login failed: HTTP 404" });
});

test("traces carry method, path and status, never a body or the query", async (t) => {
  const { api, traces } = fake({ "POST /orchestrator/api/login": [() => pair(1)], "PATCH /orchestrator/api/tasks/mail": [() => json(200, {})] });
  await api.call({ method: "PATCH", path: "/api/tasks/mail?dryRun=true" });
  t.deepEqual(
    traces.map((event) => [event.method, event.path, event.status]),
    [
      ["POST", "/api/login", 200],
      ["PATCH", "/api/tasks/mail", 200],
    ],
  );
  t.false(JSON.stringify(traces).includes("access-1"));
});

test("logout reports failure without throwing", async (t) => {
  const { api } = fake({ "POST /orchestrator/api/login": [() => pair(1)], "POST /orchestrator/api/logout": [() => json(200, { message: "Error logging out" })] });
  await api.login();
  t.false(await api.logout());
  t.true(await api.logout());
});

test("isTokenExpired", (t) => {
  t.true(isTokenExpired(401, { code: "FDO_ERR_AUTH_TOKEN_EXPIRED", message: "token has expired" }));
  t.true(isTokenExpired(401, { message: "token has expired" }));
  t.false(isTokenExpired(400, { code: "FDO_ERR_AUTH_TOKEN_EXPIRED" }));
  t.false(isTokenExpired(401, { code: "FDO_ERR_AUTH_TOKEN_INVALID", message: "token has expired" }));
  t.false(isTokenExpired(401, "token has expired"));
});
