import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { authConfig, login, ORCHESTRATOR_PASSWORD } from "./support/auth.js";

// Issue 15 items 1 and 2, against a real slapd: the lockout holds under concurrency and for every spelling the
// directory treats as the same account.

const MAX_FAILURES = 3;
const WINDOW_MS = 900_000;
let host: TestHost;

test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig({ AUTH_MAX_FAILURES: String(MAX_FAILURES), AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_MS / 1000) }) });
});
test.after.always(() => host?.stop());

// Every test is serial and starts in a fresh window: the counters are per account and per address (127.0.0.1).
const freshWindow = (): void => host.clock.advance(WINDOW_MS + 1000);

test.serial("200 simultaneous guesses with the right password last: at most AUTH_MAX_FAILURES reach LDAP, and the last is not 200", async (t) => {
  freshWindow();
  const passwords = [...Array.from({ length: 199 }, (_, index) => `wrong-${index}`), ORCHESTRATOR_PASSWORD];
  const responses = await Promise.all(passwords.map((password) => login(host, "orchestrator", password)));
  const statuses = responses.map((response) => response.status);
  t.not(statuses.at(-1), 200, "the right password among the flood got a token pair");
  // Only the attempts let through to the bind are answered 401 (or 200); the rest are refused before it.
  t.true(statuses.filter((status) => status !== 429).length <= MAX_FAILURES, JSON.stringify(statuses.filter((status) => status !== 429)));
  t.deepEqual([...new Set(statuses)].sort(), [401, 429]);
  t.true(responses.filter((response) => response.status === 429).every((response) => Number(response.headers.get("retry-after")) > 0));
});

// Spellings slapd matches to cn=legacy-client: case, an NBSP, an ideographic space, a fullwidth letter.
const VARIANTS = ["LEGACY-CLIENT", "legacy-client ", "\u00a0legacy-client", "legacy-client\u3000", "legacy-cｌient"];

test.serial("once legacy-client is locked, every spelling LDAP treats as the same account is 429 too", async (t) => {
  freshWindow();
  for (const variant of VARIANTS) t.is((await login(host, variant, "legacy-secret")).status, 200, `control: ${JSON.stringify(variant)} is legacy-client to slapd`);
  for (let index = 0; index < MAX_FAILURES; index += 1) t.is((await login(host, "legacy-client", `wrong-${index}`)).status, 401);
  for (const variant of VARIANTS) t.is((await login(host, variant, "legacy-secret")).status, 429, JSON.stringify(variant));
  t.is((await login(host, "legacy-client", "legacy-secret")).status, 429);
  t.is((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD)).status, 200, "another account is not affected");
});

test.serial("failures under different spellings add up on one account", async (t) => {
  freshWindow();
  for (const variant of VARIANTS.slice(0, MAX_FAILURES)) t.is((await login(host, variant, "wrong")).status, 401);
  t.is((await login(host, "md5-client", "md5-secret")).status, 200);
  t.is((await login(host, "legacy-client", "legacy-secret")).status, 429);
});

test.serial("an unknown account is counted by its normalised name, whatever the spelling", async (t) => {
  freshWindow();
  for (const name of ["ghost-account", "GHOST-ACCOUNT", " ghost-account\u3000"]) t.is((await login(host, name, "wrong")).status, 401);
  for (const name of ["ghost-account", "ｇhost-account", "Ghost-Account\u00a0"]) t.is((await login(host, name, "wrong")).status, 429, JSON.stringify(name));
});
