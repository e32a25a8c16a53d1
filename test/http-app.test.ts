import { createHost, type Host } from "@fdo/core";
import { memoryLogger } from "@fdo/testing";
import test from "ava";
import { signToken } from "./support/access-token.js";
import { testConfig } from "./support/host-config.js";
import { pluginsOutsideRepo } from "./support/plugin-fixtures.js";
import { hookTeardown } from "./support/scratch-dir.js";

let host: Host;
let base: string;
const { logger, text: logText } = memoryLogger();

const scratch = hookTeardown();

test.before(async () => {
  const dir = await pluginsOutsideRepo(scratch, ["echo"]);
  host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, HTTP_BODY_LIMIT: "1024" }), logger });
  base = await host.listen();
});
test.after.always(async () => {
  await host?.stop();
  await scratch.run();
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${base}${path}`, init);
  const raw = await response.text();
  return { status: response.status, body: raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>), headers: response.headers };
}

test("an unknown path is a JSON 404 with a stable code", async (t) => {
  const response = await call("/api/nothing/here");
  t.is(response.status, 404);
  t.is(response.body["code"], "FDO_ERR_HTTP_NOT_FOUND");
  t.regex(String(response.body["message"]), /GET \/api\/nothing\/here/);
  t.regex(response.headers.get("content-type") ?? "", /application\/json/);
});

test("a known path with the wrong method is a JSON 405 carrying Allow", async (t) => {
  const response = await call("/health/live", { method: "DELETE" });
  t.is(response.status, 405);
  t.is(response.body["code"], "FDO_ERR_HTTP_METHOD_NOT_ALLOWED");
  t.deepEqual(response.headers.get("allow")?.split(", ").sort(), ["GET", "HEAD"]);
});

test("a body over the limit is a JSON 413", async (t) => {
  const response = await call("/api/plugins/echo/echo/big", { method: "POST", body: JSON.stringify({ padding: "x".repeat(2000) }) });
  t.is(response.status, 413);
  t.is(response.body["code"], "FDO_ERR_HTTP_PAYLOAD_TOO_LARGE");
});

test("a body that is not JSON is a JSON 400", async (t) => {
  const response = await call("/api/plugins/echo/echo/x", { method: "POST", body: "{not json" });
  t.is(response.status, 400);
  t.is(response.body["code"], "FDO_ERR_HTTP_BAD_JSON");
});

test("JSON posted as form fields (as upstream's client does) is decoded", async (t) => {
  const response = await call("/api/plugins/echo/echo/hi", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/x-www-form-urlencoded" } });
  t.is(response.status, 201);
  t.deepEqual(response.body, { word: "hi", body: { a: 1 } });
});

test("a plugin's typed error keeps its code and status", async (t) => {
  const response = await call("/api/plugins/echo/echo/hi", { method: "POST" });
  t.is(response.status, 400);
  t.deepEqual(response.body, { code: "FDO_ERR_HTTP_BAD_REQUEST", message: "a JSON body is required" });
});

test("an unexpected failure is a generic 500 that leaks nothing, and is logged", async (t) => {
  const response = await call("/api/plugins/echo/boom");
  t.is(response.status, 500);
  t.deepEqual(response.body, { code: "FDO_ERR_INTERNAL", message: "internal error" });
  t.regex(logText(), /internal detail \/srv\/secret\/path\.ts:42/);
});

test("public plugin routes answer without a token; others need a valid access token", async (t) => {
  t.is((await call("/api/plugins/echo/info?x=1&x=2")).body["query"] instanceof Object, true);
  t.deepEqual((await call("/api/plugins/echo/info?x=1&x=2")).body["query"], { x: "2" });
  const missing = await call("/api/plugins/echo/secret");
  t.is(missing.status, 401);
  t.is(missing.body["code"], "FDO_ERR_AUTH_TOKEN_MISSING");
  const ok = await call("/api/plugins/echo/secret", { headers: { authorization: `Bearer ${signToken()}` } });
  t.is(ok.status, 200);
  t.deepEqual(ok.body, { secret: "only with a token" });
});

const badTokens: Array<[string, () => string, string]> = [
  ["a refresh token", () => signToken({ token_use: "refresh" }), "FDO_ERR_AUTH_TOKEN_INVALID"],
  ["another key", () => signToken({}, { secret: "another-secret-key-that-is-long-enough-000000" }), "FDO_ERR_AUTH_TOKEN_INVALID"],
  ["HS512 with the same key", () => signToken({}, { algorithm: "HS512" }), "FDO_ERR_AUTH_TOKEN_INVALID"],
  ["another audience", () => signToken({ aud: "someone-else" }), "FDO_ERR_AUTH_TOKEN_INVALID"],
  ["an expired token", () => signToken({}, { expiresIn: -10 }), "FDO_ERR_AUTH_TOKEN_EXPIRED"],
  ["garbage", () => "not.a.token", "FDO_ERR_AUTH_TOKEN_INVALID"],
];
for (const [name, token, code] of badTokens) {
  test(`the bearer guard refuses ${name}`, async (t) => {
    const response = await call("/api/plugins/echo/secret", { headers: { authorization: `Bearer ${token()}` } });
    t.is(response.status, 401);
    t.is(response.body["code"], code);
  });
}

test("every response carries a request id; a safe caller-supplied one is kept", async (t) => {
  t.is((await call("/health/live", { headers: { "x-request-id": "cron-42" } })).headers.get("x-request-id"), "cron-42");
  const replaced = (await call("/health/live", { headers: { "x-request-id": "bad id; X-Evil: 1" } })).headers.get("x-request-id");
  t.regex(replaced ?? "", /^[0-9a-f-]{36}$/);
});

test("liveness answers; readiness is 503 while the directory is unreachable", async (t) => {
  t.deepEqual((await call("/health/live")).body, { status: "ok" });
  const ready = await call("/health/ready");
  t.is(ready.status, 503);
  t.is(ready.body["code"], "FDO_ERR_HEALTH_NOT_READY");
  t.deepEqual(ready.body["details"], { checks: { ldap: "FDO_ERR_LDAP_UNAVAILABLE" } });
});

test("HTTP_BASE_PATH prefixes every route", async (t) => {
  const prefixed = await createHost({ config: await testConfig({ HTTP_BASE_PATH: "/orchestrator" }), logger: memoryLogger().logger });
  t.teardown(() => prefixed.stop());
  const url = await prefixed.listen();
  t.regex(url, /\/orchestrator$/);
  t.is((await fetch(`${url}/health/live`)).status, 200);
  t.is((await fetch(`${url.replace(/\/orchestrator$/, "")}/health/live`)).status, 404);
});
