import { isOrchestratorError, LdapConflictError } from "@fdo/sdk";
import test from "ava";
import { mockServices } from "./mock-services.js";

const setup = () => {
  const clock = mockServices.clock("2026-11-01T08:00:00Z");
  return { clock, claims: mockServices.claims({ clock, leaseSeconds: 60 }) };
};

test("a key is claimed once while held, and compared case-insensitively", async (t) => {
  const { claims } = setup();
  const claim = await claims.acquire("Reminder-Ann", { subject: "uid=ann,dc=example,dc=org", note: "28 days" });
  t.is(claim?.key, "Reminder-Ann");
  t.is(await claims.acquire("reminder-ann"), undefined);
  t.like(claims.record("REMINDER-ANN"), { key: "Reminder-Ann", status: "held", available: false, subject: "uid=ann,dc=example,dc=org", note: "28 days" });
});

test("a lease that ran out is taken over, and the first holder's next step is refused", async (t) => {
  const { clock, claims } = setup();
  const first = await claims.acquire("k");
  clock.advance(60_000);
  t.is(await claims.acquire("k"), undefined, "the lease's last second is still held");
  clock.advance(1_000);
  const second = await claims.acquire("k");
  t.truthy(second);
  const error = await t.throwsAsync(() => first?.markIrreversible() ?? Promise.resolve());
  t.true(isOrchestratorError(error) && error.code === LdapConflictError.code);
  await second?.markIrreversible();
  t.is(claims.record("k")?.status, "irreversible");
});

test("irreversible and done keys are never taken again, even past the lease; released ones at once", async (t) => {
  const { clock, claims } = setup();
  await (await claims.acquire("sending"))?.markIrreversible();
  const done = await claims.acquire("done");
  await done?.markIrreversible();
  await done?.complete();
  await (await claims.acquire("released"))?.release();
  clock.advance(3_600_000);
  t.is(await claims.acquire("sending"), undefined);
  t.is(await claims.acquire("done"), undefined);
  t.truthy(await claims.acquire("released"));
  const listed: Array<[string, string, boolean]> = [];
  for await (const record of claims.list()) listed.push([record.key, record.status, record.available]);
  t.deepEqual(listed, [
    ["sending", "irreversible", false],
    ["done", "done", false],
    ["released", "held", false],
  ]);
});

test("a forgotten key can be claimed again, and its old claim is lost", async (t) => {
  const { claims } = setup();
  const old = await claims.acquire("k");
  await claims.forget("K");
  t.is(claims.record("k"), undefined);
  const renewed = await claims.acquire("k", { leaseSeconds: 5 });
  t.truthy(renewed);
  await t.throwsAsync(() => old?.complete() ?? Promise.resolve(), { message: /lost the claim on k/ });
  await t.throwsAsync(() => claims.acquire(" "), { instanceOf: TypeError });
});
