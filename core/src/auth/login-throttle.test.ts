import test from "ava";
import { LoginThrottle } from "./login-throttle.js";

function throttle(overrides: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  let now = Date.parse("2026-11-28T10:00:00Z");
  const clock = { now: () => new Date(now) };
  const instance = new LoginThrottle({ clock, windowSeconds: 60, maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, baseDelayMs: 100, ...overrides });
  return { instance, advance: (ms: number) => (now += ms) };
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

test("an account is locked after its limit, with Retry-After counting down the window", (t) => {
  const { instance, advance } = throttle();
  for (let i = 0; i < 3; i += 1) instance.reserve("dn:cn=orchestrator", "10.0.0.1").failed();
  const error = t.throws(() => instance.reserve("dn:cn=orchestrator", "10.0.0.2"));
  t.is((error as { code?: string }).code, "FDO_ERR_AUTH_RATE_LIMITED");
  t.is((error as { headers?: Record<string, string> }).headers?.["Retry-After"], "60");
  advance(45_000);
  t.is((t.throws(() => instance.reserve("dn:cn=orchestrator", "10.0.0.2")) as { headers?: Record<string, string> }).headers?.["Retry-After"], "15");
  advance(15_001);
  t.is(
    codeOf(() => instance.reserve("dn:cn=orchestrator", "10.0.0.2")),
    undefined,
  );
});

test("attempts in flight count: the limit holds however many arrive before any answer", (t) => {
  const { instance } = throttle();
  const outcomes = Array.from({ length: 200 }, () => codeOf(() => instance.reserve("dn:cn=orchestrator", `10.0.0.${Math.floor(Math.random() * 250)}`)));
  t.is(outcomes.filter((code) => code === undefined).length, 3);
  t.is(outcomes.filter((code) => code === "FDO_ERR_AUTH_RATE_LIMITED").length, 197);
});

test("an address is locked after its own limit, whatever the accounts; checkAddress says so before any account is known", (t) => {
  const { instance } = throttle();
  for (let i = 0; i < 5; i += 1) instance.reserve(`name:user${i}`, "10.0.0.9").failed();
  t.is(
    codeOf(() => instance.checkAddress("10.0.0.9")),
    "FDO_ERR_AUTH_RATE_LIMITED",
  );
  t.is(
    codeOf(() => instance.reserve("name:someone-else", "10.0.0.9")),
    "FDO_ERR_AUTH_RATE_LIMITED",
  );
  t.is(
    codeOf(() => instance.checkAddress("10.0.0.10")),
    undefined,
  );
  t.is(
    codeOf(() => instance.reserve("name:someone-else", "10.0.0.10")),
    undefined,
  );
});

test("the delay grows from the third failure and is capped", (t) => {
  const { instance } = throttle({ maxFailuresPerAccount: 100, maxFailuresPerAddress: 100 });
  const delays = Array.from({ length: 9 }, () => instance.reserve("a", "ip").failed());
  t.deepEqual(delays, [0, 0, 100, 200, 400, 800, 1600, 1600, 1600]);
});

test("a success clears the account's failures and does not count for the address", (t) => {
  const { instance } = throttle({ maxFailuresPerAddress: 3 });
  instance.reserve("a", "ip").failed();
  instance.reserve("a", "ip").failed();
  instance.reserve("a", "ip").succeeded();
  t.is(
    codeOf(() => instance.checkAddress("ip")),
    undefined,
    "two failures and a success are two for the address",
  );
  instance.reserve("b", "other-ip").failed();
  instance.reserve("a", "other-ip").failed();
  instance.reserve("a", "other-ip").failed();
  t.is(
    codeOf(() => instance.reserve("a", "yet-another-ip")),
    undefined,
    "the account starts again from zero",
  );
});

test("an attempt the directory could not judge does not count", (t) => {
  const { instance } = throttle();
  for (let i = 0; i < 10; i += 1) instance.reserve("a", "ip").abandoned();
  t.is(
    codeOf(() => instance.reserve("a", "ip")),
    undefined,
  );
});
