import test from "ava";
import { LoginThrottle } from "./login-throttle.js";

function throttle(overrides: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  let now = Date.parse("2026-11-28T10:00:00Z");
  const clock = { now: () => new Date(now) };
  const instance = new LoginThrottle({ clock, windowSeconds: 60, maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, baseDelayMs: 100, ...overrides });
  return { instance, advance: (ms: number) => (now += ms) };
}

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

test("an account is locked after its limit, with Retry-After counting down the window", (t) => {
  const { instance, advance } = throttle();
  for (let i = 0; i < 3; i += 1) instance.recordFailure("Orchestrator", "10.0.0.1");
  const error = t.throws(() => instance.check("orchestrator", "10.0.0.2"));
  t.is((error as { code?: string }).code, "FDO_ERR_AUTH_RATE_LIMITED");
  t.is((error as { headers?: Record<string, string> }).headers?.["Retry-After"], "60");
  advance(45_000);
  t.is((t.throws(() => instance.check("orchestrator", "10.0.0.2")) as { headers?: Record<string, string> }).headers?.["Retry-After"], "15");
  advance(15_001);
  t.is(codeOf(() => instance.check("orchestrator", "10.0.0.2")), undefined);
});

test("an address is locked after its own limit, whatever the usernames", (t) => {
  const { instance } = throttle();
  for (let i = 0; i < 5; i += 1) instance.recordFailure(`user${i}`, "10.0.0.9");
  t.is(codeOf(() => instance.check("someone-else", "10.0.0.9")), "FDO_ERR_AUTH_RATE_LIMITED");
  t.is(codeOf(() => instance.check("someone-else", "10.0.0.10")), undefined);
});

test("the delay grows from the third failure and is capped", (t) => {
  const { instance } = throttle({ maxFailuresPerAccount: 100, maxFailuresPerAddress: 100 });
  const delays = Array.from({ length: 9 }, () => instance.recordFailure("a", "ip"));
  t.deepEqual(delays, [0, 0, 100, 200, 400, 800, 1600, 1600, 1600]);
});

test("a success clears the account's failures", (t) => {
  const { instance } = throttle();
  instance.recordFailure("a", "ip");
  instance.recordFailure("a", "ip");
  instance.recordSuccess("a");
  instance.recordFailure("a", "ip");
  instance.recordFailure("a", "ip");
  t.is(codeOf(() => instance.check("a", "ip")), undefined);
});
