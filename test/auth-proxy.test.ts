import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { authConfig, ORCHESTRATOR_PASSWORD, type RawResponse, toRaw } from "./support/auth.js";

// Issue 15 item 3: behind a reverse proxy the per-address throttle counts the address the trusted proxy saw, not
// whatever the client wrote at the front of X-Forwarded-For. The test client plays both the attacker and the
// proxy (on 127.0.0.1, trusted by default): it sends "<spoofed>, <real client>", as a proxy appending to the
// attacker's header would.

const ADDRESS_LIMIT = 3;

function proxiedHost(extra: Record<string, string> = {}): Promise<TestHost> {
  return startTestHost({ plugins: [], config: authConfig({ HTTP_TRUST_PROXY: "TRUE", AUTH_IP_MAX_FAILURES: String(ADDRESS_LIMIT), ...extra }) });
}

async function login(host: TestHost, username: string, password: string, forwardedFor: string): Promise<RawResponse> {
  const response = await fetch(`${host.url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ username, password }),
  });
  return toRaw(response);
}

// A different unknown account each time, so only the address counter can lock.
let guess = 0;
const spoofed = (realClient: string): string => `198.51.100.${++guess % 250}, ${realClient}`;
const fail = (host: TestHost, forwardedFor: string): Promise<RawResponse> => login(host, `nobody-${++guess}`, "wrong", forwardedFor);

test("a spoofed first X-Forwarded-For entry does not escape the per-address limit", async (t) => {
  const host = await proxiedHost();
  t.teardown(() => host.stop());
  for (let index = 0; index < ADDRESS_LIMIT; index += 1) t.is((await fail(host, spoofed("203.0.113.7"))).status, 401);
  const locked = await fail(host, spoofed("203.0.113.7"));
  t.is(locked.status, 429, locked.text);
  t.is((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD, spoofed("203.0.113.7"))).status, 429, "even with the right password");
  t.is((await fail(host, spoofed("203.0.113.8"))).status, 401, "another client behind the same proxy is not locked");
  const logged = host.logs().filter((line) => line["msg"] === "failed login");
  t.true(logged.length > 0 && logged.every((line) => line["address"] === "203.0.113.7" || line["address"] === "203.0.113.8"), JSON.stringify(logged.map((line) => line["address"])));
});

test("hops through several trusted proxies are skipped; the first untrusted one is the client", async (t) => {
  const host = await proxiedHost({ HTTP_TRUSTED_PROXIES: "127.0.0.1,::1,10.0.0.0/8" });
  t.teardown(() => host.stop());
  for (let index = 0; index < ADDRESS_LIMIT; index += 1) t.is((await fail(host, `${spoofed("203.0.113.7")}, 10.1.1.${index}`)).status, 401);
  t.is((await fail(host, `${spoofed("203.0.113.7")}, 10.9.9.9`)).status, 429);
});

test("a peer that is not a trusted proxy is the client: its X-Forwarded-For is ignored", async (t) => {
  // 127.0.0.1 (the test client) is not in the list, so it is the address counted, whatever it claims.
  const host = await proxiedHost({ HTTP_TRUSTED_PROXIES: "10.0.0.1" });
  t.teardown(() => host.stop());
  for (let index = 0; index < ADDRESS_LIMIT; index += 1) t.is((await fail(host, `203.0.113.${index}`)).status, 401);
  t.is((await fail(host, "203.0.113.200")).status, 429);
});

test("without HTTP_TRUST_PROXY the header is not read at all", async (t) => {
  const host = await startTestHost({ plugins: [], config: authConfig({ AUTH_IP_MAX_FAILURES: String(ADDRESS_LIMIT) }) });
  t.teardown(() => host.stop());
  for (let index = 0; index < ADDRESS_LIMIT; index += 1) t.is((await fail(host, `203.0.113.${index}`)).status, 401);
  t.is((await fail(host, "203.0.113.200")).status, 429);
});
