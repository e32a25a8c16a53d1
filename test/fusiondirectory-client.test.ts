import { type FakeFusionDirectory, memoryLogger, startFakeFusionDirectory } from "@fdo/testing";
import test from "ava";
import { FusionDirectoryRestClient } from "../core/src/fusiondirectory/rest-client.js";

const DN = "cn=audit-retention,ou=tasks,dc=example,dc=org";
const PATCH = { method: "PATCH", path: `/objects/tasks/${encodeURIComponent(DN)}`, body: { tasks: { fdSubTasksActivation: "TRUE" } } } as const;

async function setUp(t: { teardown(fn: () => Promise<void> | void): void }, options: { password?: string; timeoutMs?: number } = {}) {
  const fd = await startFakeFusionDirectory();
  t.teardown(() => fd.stop());
  const log = memoryLogger();
  const client = new FusionDirectoryRestClient({
    baseUrl: fd.apiUrl,
    login: fd.login,
    password: options.password ?? fd.password,
    timeoutMs: options.timeoutMs ?? 2000,
    logger: log.logger,
  });
  return { fd, client, log };
}

const logins = (fd: FakeFusionDirectory): number => fd.calls.filter((call) => call.path === "/login").length;

test("logs in with {user, password}, then sends the session token in a session-token header", async (t) => {
  const { fd, client } = await setUp(t);
  const response = await client.call(PATCH);
  t.deepEqual(response, { status: 200, body: DN });
  const [login, patch] = fd.calls;
  t.like(login, { method: "POST", path: "/login", body: { user: fd.login, password: fd.password } });
  t.is(login?.headers["session-token"], undefined);
  t.like(patch, { method: "PATCH", path: PATCH.path, body: PATCH.body });
  t.is(patch?.headers["session-token"], fd.issuedTokens[0]);
});

test("one session serves every call, concurrent ones included", async (t) => {
  const { fd, client } = await setUp(t);
  await Promise.all([client.call(PATCH), client.call(PATCH), client.call(PATCH)]);
  await client.call(PATCH);
  t.is(logins(fd), 1);
  t.is(fd.apiCalls().length, 4);
  t.true(fd.apiCalls().every((call) => call.headers["session-token"] === fd.issuedTokens[0]));
});

test("a 401 re-opens the session once and replays the call; a second 401 is returned, not looped on", async (t) => {
  const { fd, client } = await setUp(t);
  await client.call(PATCH);
  fd.expireSessions();
  t.deepEqual(await client.call(PATCH), { status: 200, body: DN });
  t.is(logins(fd), 2);
  t.deepEqual(
    fd.apiCalls().map((call) => call.headers["session-token"]),
    [fd.issuedTokens[0], fd.issuedTokens[0], fd.issuedTokens[1]],
  );

  fd.override((call) => (call.path === "/objects/user/x" ? { status: 401, body: "Unauthorized" } : undefined));
  const rejected = await client.call({ method: "GET", path: "/objects/user/x" });
  t.deepEqual(rejected, { status: 401, body: "Unauthorized" });
  t.is(fd.calls.filter((call) => call.path === "/objects/user/x").length, 2);
  t.is(logins(fd), 3);
});

test("HTTP errors are answers, not exceptions; bodies are JSON-decoded when they are JSON, text otherwise", async (t) => {
  const { fd, client } = await setUp(t);
  fd.override((call) => (call.path === "/objects/user/missing" ? { status: 404, body: { errors: ["Object not found"] } } : undefined));
  fd.override((call) => (call.path === "/archive/user/x" ? { status: 204 } : undefined));
  fd.override((call) => (call.path === "/text" ? { status: 200, raw: "plain text, not JSON" } : undefined));
  t.deepEqual(await client.call({ method: "GET", path: "/objects/user/missing" }), { status: 404, body: { errors: ["Object not found"] } });
  t.deepEqual(await client.call({ method: "POST", path: "/archive/user/x" }), { status: 204, body: null });
  t.deepEqual(await client.call({ method: "GET", path: "/text" }), { status: 200, body: "plain text, not JSON" });
  t.is(fd.calls.find((call) => call.path === "/archive/user/x")?.headers["content-type"], undefined, "no body, no content type");
});

test("a redirect is not followed: the call fails FDO_ERR_FD_UNAVAILABLE and the next call still answers", async (t) => {
  const { fd, client } = await setUp(t);
  fd.override((call) => (call.path === "/moved" ? { status: 302, body: "elsewhere" } : undefined));
  const error = await t.throwsAsync(client.call({ method: "GET", path: "/moved" }));
  t.like(error, { code: "FDO_ERR_FD_UNAVAILABLE" });
  t.regex(error?.message ?? "", /redirect/);
  t.is((await client.call(PATCH)).status, 200);
});

test("a base URL with a trailing slash and a path without a leading one still meet at one slash", async (t) => {
  const { fd } = await setUp(t);
  const slashed = new FusionDirectoryRestClient({ baseUrl: `${fd.apiUrl}/`, login: fd.login, password: fd.password, logger: memoryLogger().logger });
  t.is((await slashed.call({ method: "GET", path: "objects/user/none" })).status, 404);
  t.deepEqual(
    fd.calls.map((call) => call.path),
    ["/login", "/objects/user/none"],
  );
});

test("a wrong password is FDO_ERR_FD_UNAVAILABLE with FD's status, is not cached, and is never logged or echoed", async (t) => {
  const wrong = "wrong-password-Zq7-never-log-me";
  const { fd, client, log } = await setUp(t, { password: wrong });
  const first = await t.throwsAsync(client.call(PATCH));
  t.like(first, { code: "FDO_ERR_FD_UNAVAILABLE", status: 502, details: { status: 401 } });
  t.false(first?.message.includes(wrong));
  await t.throwsAsync(client.call(PATCH));
  t.is(logins(fd), 2, "each call tries to log in again");
  t.is(fd.apiCalls().length, 0, "nothing is called without a session");
  t.false(log.text().includes(wrong));
});

test("neither the password nor a session token appears in the logs, through login, renewal and failures", async (t) => {
  const { fd, client, log } = await setUp(t);
  await client.call(PATCH);
  fd.expireSessions();
  await client.call(PATCH);
  fd.override((call) => (call.path === "/slow" ? { status: 200, delayMs: 5000 } : undefined));
  const quick = new FusionDirectoryRestClient({ baseUrl: fd.apiUrl, login: fd.login, password: fd.password, timeoutMs: 100, logger: log.logger });
  await t.throwsAsync(quick.call({ method: "GET", path: "/slow" }));
  const text = log.text();
  t.true(text.includes("logged in to FusionDirectory"), "the logger did record the exchanges");
  t.false(text.includes(fd.password));
  for (const token of fd.issuedTokens) t.false(text.includes(token), "session token logged");
});

test("a call that does not answer in time fails with FDO_ERR_FD_UNAVAILABLE after the timeout, not later", async (t) => {
  const { fd, client } = await setUp(t, { timeoutMs: 300 });
  await client.call(PATCH); // logged in
  // The server never answers within the test (ava's timeout is far shorter): only the client's own timeout ends the call.
  fd.override((call) => (call.method === "PATCH" ? { status: 200, body: DN, delayMs: 3_600_000 } : undefined));
  const error = await t.throwsAsync(client.call(PATCH));
  t.like(error, { code: "FDO_ERR_FD_UNAVAILABLE" });
  t.regex(error?.message ?? "", /no answer within 300 ms/);
});

test("a login that hangs times out too, and an unreachable server is reported with its cause", async (t) => {
  const { fd, client } = await setUp(t, { timeoutMs: 300 });
  fd.override((call) => (call.path === "/login" ? { status: 200, body: "late-token", delayMs: 5000 } : undefined));
  t.like(await t.throwsAsync(client.call(PATCH)), { code: "FDO_ERR_FD_UNAVAILABLE" });

  const closed = await startFakeFusionDirectory();
  await closed.stop();
  const unreachable = new FusionDirectoryRestClient({ baseUrl: closed.apiUrl, login: "x", password: "y", timeoutMs: 2000, logger: memoryLogger().logger });
  const error = await t.throwsAsync(unreachable.call(PATCH));
  t.like(error, { code: "FDO_ERR_FD_UNAVAILABLE" });
  t.regex(error?.message ?? "", /ECONNREFUSED/);
});
