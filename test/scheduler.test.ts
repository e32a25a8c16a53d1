import { memoryLogger, startSlapd, startSmtpSink, TestClock, type TestSlapd } from "@fdo/testing";
import test from "ava";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { lastRunOf } from "../core/src/scheduler/segment-leases.js";
import { dueMailsLdif, type FinishedRun, SCHEDULER_BRANCH, startInstance } from "./support/scheduler-instances.js";
import { withTempFile } from "./support/scratch-dir.js";

const CONFIG_DN = "cn=config,ou=fusiondirectory,dc=example,dc=org";
const DEMO_RECIPIENTS = ["alice.martin@example.org", "erin.lefevre@example.org", "grace.roux@example.org", "bob.durand@example.org", "carol.petit@example.org"];
const BULK = 50;

function serviceDirectory(slapd: TestSlapd): LdapDirectory {
  return new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger: memoryLogger().logger });
}

async function leaseDescriptions(slapd: TestSlapd, segment: string): Promise<readonly string[]> {
  const directory = serviceDirectory(slapd);
  try {
    return (await directory.read(`cn=${segment},${SCHEDULER_BRANCH}`, ["description"]))?.values("description") ?? [];
  } finally {
    await directory.close();
  }
}

const leaseLastRun = async (slapd: TestSlapd, segment: string): Promise<string | undefined> => lastRunOf(await leaseDescriptions(slapd, segment))?.tick.toISOString();

async function allowEveryMail(slapd: TestSlapd): Promise<void> {
  const directory = serviceDirectory(slapd);
  try {
    await directory.modify(CONFIG_DN, [{ operation: "replace", attribute: "fdTasksConfIntervalEmails", values: ["0"] }]);
  } finally {
    await directory.close();
  }
}

const scheduled = (runs: readonly FinishedRun[]): FinishedRun[] => runs.filter((run) => run.trigger === "schedule");

test("two instances with SCHEDULE_MAIL every 2 s send every due mail once, never overlap, and the lease keeps the last run", async (t) => {
  const slapd = await withTempFile("bulk.ldif", dueMailsLdif(BULK), (file) => startSlapd({ ldif: [file] }));
  t.teardown(() => slapd.destroy());
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.stop());
  await allowEveryMail(slapd);
  const config = { SCHEDULE_MAIL: "*/2 * * * * *" };
  const first = await startInstance(slapd, smtp, config);
  t.teardown(() => first.host.stop());
  const second = await startInstance(slapd, smtp, config);
  t.teardown(() => second.host.stop());

  // 55 mails with an anti-spam cap of 50 per run: at least two scheduled runs are needed.
  await smtp.waitForMessages(BULK + DEMO_RECIPIENTS.length, 50_000);
  const listed = (await (await first.get("/api/runs?segment=mail&limit=1000")).json()) as { runs: FinishedRun[] };
  t.true(listed.runs.every((run) => run.segment === "mail" && run.instance === first.finishedRuns()[0]?.instance));
  await Promise.all([first.host.stop(), second.host.stop()]);

  const recipients = smtp.messages.flatMap((message) => message.envelope.to.filter((to) => !to.startsWith("archive@")));
  const expected = [...DEMO_RECIPIENTS, ...Array.from({ length: BULK }, (_, index) => `bulk${index}@example.org`)];
  t.deepEqual([...recipients].sort(), expected.sort(), "every due mail exactly once");

  const runs = [...scheduled(first.finishedRuns()), ...scheduled(second.finishedRuns())].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  t.is(
    runs.reduce((sum, run) => sum + run.summary.succeeded, 0),
    expected.length,
  );
  t.true(runs.filter((run) => run.summary.succeeded > 0).length >= 2);
  t.is(new Set(runs.map((run) => run.scheduledAt)).size, runs.length, "one run per tick across both instances");
  for (const [index, run] of runs.entries()) {
    const next = runs[index + 1];
    // durationMs is rounded to the millisecond: allow that much.
    if (next !== undefined) t.true(Date.parse(run.startedAt) + run.durationMs - 1 <= Date.parse(next.startedAt), `run ${run.id} overlaps ${next.id}`);
  }
  const lastTick = runs
    .map((run) => run.scheduledAt as string)
    .sort()
    .at(-1);
  t.is(await leaseLastRun(slapd, "mail"), lastTick);
  t.true(
    (await leaseDescriptions(slapd, "mail")).some((value) => value.startsWith("fdo-claim:released:")),
    "stopping released the lease",
  );
});

test("after downtime a scheduled segment catches up once at start-up, not once per missed tick", async (t) => {
  const slapd = await startSlapd();
  t.teardown(() => slapd.destroy());
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.stop());
  await allowEveryMail(slapd);
  const start = "2026-11-27T10:00:00.000Z";
  const before = await startInstance(slapd, smtp, { SCHEDULE_MAIL: "* * * * * *", SCHEDULER_TIMEZONE: "UTC" }, new TestClock(start));
  t.teardown(() => before.host.stop());
  const firstRun = await before.untilRun((run) => run.trigger === "schedule");
  await before.host.stop();
  t.is(firstRun.scheduledAt, "2026-11-27T10:00:01.000Z");

  // Two days later, daily at 03:00: two ticks were missed.
  const after = await startInstance(slapd, smtp, { SCHEDULE_MAIL: "0 3 * * *", SCHEDULER_TIMEZONE: "UTC" }, new TestClock("2026-11-29T10:00:00.000Z"));
  t.teardown(() => after.host.stop());
  const caughtUp = await after.untilRun((run) => run.trigger === "schedule");
  await after.host.stop();
  t.is(caughtUp.scheduledAt, "2026-11-29T03:00:00.000Z");
  t.is(scheduled(after.finishedRuns()).length, 1);
  t.is(await leaseLastRun(slapd, "mail"), "2026-11-29T03:00:00.000Z");
});

test("without a record of an earlier scheduled run, start-up runs nothing: nothing was missed", async (t) => {
  const slapd = await startSlapd();
  t.teardown(() => slapd.destroy());
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.stop());
  const instance = await startInstance(slapd, smtp, { SCHEDULE_MAIL: "0 3 * * *", SCHEDULER_TIMEZONE: "UTC" }, new TestClock("2026-11-29T10:00:00.000Z"));
  t.teardown(() => instance.host.stop());
  const response = await fetch(`${instance.url}/api/tasks/mail`, { method: "PATCH", headers: { authorization: `Bearer ${instance.host.tokens.accessToken("orchestrator")}` } });
  t.is(response.status, 200);
  await instance.host.stop();
  t.deepEqual(
    instance.finishedRuns().map((run) => run.trigger),
    ["api"],
  );
  t.is(await leaseLastRun(slapd, "mail"), undefined);
});
