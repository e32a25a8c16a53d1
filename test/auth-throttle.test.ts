import { startTestHost, type TestHost } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";
import { assertError, authConfig, login, ORCHESTRATOR_PASSWORD, type RawResponse } from "./support/auth.js";

let host: TestHost;
const WINDOW_MS = 60_000;
// Every password this file sends, to prove none of them reaches the logs.
const sent = new Set<string>([ORCHESTRATOR_PASSWORD]);

test.before(async () => {
  host = await startTestHost({
    plugins: [],
    config: authConfig({ AUTH_MAX_FAILURES: "3", AUTH_IP_MAX_FAILURES: "4", AUTH_FAILURE_DELAY_MS: "0", AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_MS / 1000) }),
  });
});
test.after.always(() => host?.stop());

// The counters are shared by account and by client address (always 127.0.0.1 here): every test is serial and
// starts in a fresh window.
const freshWindow = (): void => host.clock.advance(WINDOW_MS + 1000);

let attempt = 0;
async function fail(username = "orchestrator"): Promise<RawResponse> {
  const password = `wrong-password-${++attempt}-Zq7`;
  sent.add(password);
  return login(host, username, password);
}

async function failAll(t: ExecutionContext, usernames: readonly string[]): Promise<void> {
  for (const username of usernames) assertError(t, await fail(username), 401, "FDO_ERR_AUTH_INVALID_CREDENTIALS", "invalid authentication");
}

function assertRateLimited(t: ExecutionContext, response: RawResponse): void {
  assertError(t, response, 429, "FDO_ERR_AUTH_RATE_LIMITED", "too many failed login attempts, retry later");
  const retryAfter = response.headers.get("retry-after") ?? "";
  t.regex(retryAfter, /^\d+$/, "Retry-After is whole seconds");
  t.true(Number(retryAfter) > 0 && Number(retryAfter) <= WINDOW_MS / 1000, `Retry-After ${retryAfter}`);
}

test.serial("an account is locked after AUTH_MAX_FAILURES failures, even for the right password, until the window ends (S12)", async (t) => {
  freshWindow();
  await failAll(t, ["orchestrator", "orchestrator", "orchestrator"]);
  assertRateLimited(t, await login(host, "orchestrator", ORCHESTRATOR_PASSWORD));
  host.clock.advance(WINDOW_MS + 1000);
  t.is((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD)).status, 200);
});

test.serial("a successful login resets the account's failure count", async (t) => {
  freshWindow();
  await failAll(t, ["orchestrator", "orchestrator"]);
  t.is((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD)).status, 200);
  // Without the reset this fourth failure would be the account's limit.
  await failAll(t, ["orchestrator", "orchestrator"]);
});

test.serial("a client address is limited after AUTH_IP_MAX_FAILURES failures across usernames", async (t) => {
  freshWindow();
  await failAll(t, ["nobody-1", "nobody-2", "nobody-3", "nobody-4"]);
  assertRateLimited(t, await fail("nobody-5"));
});

test.serial("failed logins are logged with the username and never with a password", (t) => {
  const logs = host.logs();
  const failures = logs.filter((line) => /fail/i.test(String(line["msg"])) && /log ?in|auth/i.test(String(line["msg"])));
  t.true(
    failures.some((line) => JSON.stringify(line).includes("nobody-3")),
    "the failed login of nobody-3 is logged",
  );
  const raw = JSON.stringify(logs);
  for (const password of sent) t.false(raw.includes(password), `password ${password} is logged`);
});
