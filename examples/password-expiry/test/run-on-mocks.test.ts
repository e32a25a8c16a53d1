// The task type on the test kit's in-memory services: the host's Outbox protocol and claim semantics, no slapd.

import type { HostSettings } from "@fdo/sdk";
import { type MockOutbox, mockServices } from "@fdo/testing";
import test from "ava";
import { configSchema, type PasswordExpiryConfig } from "../src/config.js";
import { passwordExpiryTaskType } from "../src/executor.js";
import { dayNumber } from "../src/expiry.js";

const BASE = "dc=example,dc=org";
const PEOPLE = `ou=people,${BASE}`;
const defaults = Object.fromEntries(Object.entries(configSchema).map(([name, field]) => [name, field.defaultValue])) as PasswordExpiryConfig;
const config: PasswordExpiryConfig = { ...defaults, mailFrom: "it@example.org", leadDays: [1, 7, 28], userBase: PEOPLE, maxAgeDays: 180 };

function setup(outbox: MockOutbox = mockServices.outbox()) {
  const clock = mockServices.clock();
  const today = dayNumber(clock.now());
  // A password changed `180 - daysLeft` days ago expires in `daysLeft` days under the 180-day max age.
  const user = (uid: string, daysLeft: number, mail?: string) =>
    mockServices.entry(`uid=${uid},${PEOPLE}`, { objectClass: "inetOrgPerson", uid, cn: uid, shadowLastChange: String(today + daysLeft - 180), ...(mail === undefined ? {} : { mail }) });
  const directory = mockServices.directory({
    entries: [
      mockServices.entry(PEOPLE, { objectClass: "organizationalUnit" }),
      user("ann", 3, "ann@example.org"),
      user("ben", 20, "ben@example.org"),
      user("cy", 5),
      user("dee", 60, "dee@example.org"),
    ],
  });
  const claims = mockServices.claims({ clock });
  const deps = { outbox, claims, directory, clock, settings: { ldapBase: BASE } as HostSettings, config };
  const run = (dryRun = false) => passwordExpiryTaskType.run(mockServices.run({ segment: "passwordExpiry", granularTypes: [], dryRun }), deps);
  return { outbox, claims, run };
}

const recipients = (outbox: MockOutbox) => outbox.sent.flatMap((message) => message.to);

test("due reminders go out once each, most urgent first; a user without an address is skipped", async (t) => {
  const { outbox, claims, run } = setup();
  const report = await run();
  t.deepEqual(recipients(outbox), ["ann@example.org", "ben@example.org"]);
  t.like(report.summary, { eligible: 3, succeeded: 2, skipped: 1, failed: 0 });
  const statuses: string[] = [];
  for await (const claim of claims.list()) statuses.push(claim.status);
  t.deepEqual(statuses, ["done", "done"]);

  const again = await run();
  t.is(outbox.sent.length, 2, "nothing is sent twice");
  t.like(again.summary, { succeeded: 0, skipped: 3 });
});

test("the anti-spam cap serves the most urgent reminder; the other stays due for a later run", async (t) => {
  const { outbox, run } = setup(mockServices.outbox({ cap: 1 }));
  await run();
  t.deepEqual(recipients(outbox), ["ann@example.org"]);
  t.deepEqual(
    outbox.planned.map((planned) => [planned.plan.recipients, planned.result.kind]),
    [
      [["ann@example.org"], "sent"],
      [["ben@example.org"], "capReached"],
    ],
  );
});

test("a dry run plans every reminder and sends or claims nothing", async (t) => {
  const { outbox, claims, run } = setup();
  const report = await run(true);
  t.deepEqual(outbox.sent, []);
  t.deepEqual(
    outbox.planned.map((planned) => planned.result.kind),
    ["wouldSend", "wouldSend"],
  );
  t.like(report.summary, { succeeded: 2, skipped: 1 });
  for await (const claim of claims.list()) t.fail(`claimed ${claim.key}`);
});
