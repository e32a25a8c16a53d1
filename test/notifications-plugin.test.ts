// The Notifications plugin against a real slapd (demo directory) and SMTP sink, clock frozen at 2026-11-28T10:00:00Z.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHost, createLogger, loadConfig } from "@fdo/core";
import {
  DEMO_NOW,
  type FakeFusionDirectory,
  fakeFusionDirectoryConfig,
  type ReceivedMail,
  sandboxConfig,
  startFakeFusionDirectory,
  startTestHost,
  TestClock,
  type TestHost,
  type TestHostOptions,
} from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
const PLUGIN = path.resolve("plugins/notifications");

const ALICE = `uid=alice,ou=people,${BASE}`;
const ERIN = `uid=erin,ou=people,${BASE}`;
const staff = (n: number) => `cn=notify-staff-changes-SubTask-1795863600_400${n},${TASKS}`;
const [ALICE_15, ERIN_15, GRACE_15] = [staff(1), staff(2), staff(3)];
const ALICE_16 = `cn=fd16-notify-mail-changes-SubTask-1795161601_7301,${TASKS}`;
const ALL = [ALICE_15, ERIN_15, GRACE_15, ALICE_16];
const ERIN_PHONE_EVENT = `fdAuditDateTime=20261126091500Z+fdAuditId=771299,ou=audit,${BASE}`;

const NO_MATCH = "No matching audited attributes with monitored attributes, nothing to process!";
/** Upstream 1.1's answer for a notification with nothing to do on FD 1.5 data: the subtask is deleted. */
const REMOVED = { Removed: true, Status: "No matching audited attributes with monitored attributes, safely removed!" };
const SUBJECT = "Monitored accounts were modified";
// Only Mail runs stamp fdTasksConfLastExecTime.
const SENT = { statusUpdate: true, mailStatus: "Notification was successfully sent", updateLastMailExec: false };

// Attribute names only by default, as upstream; values with NOTIFICATIONS_INCLUDE_VALUES=TRUE.
const ALICE_BLOCK = `${ALICE} attrs=[mail, telephoneNumber]`;
const ERIN_BLOCK = `${ERIN} attrs=[supannRessourceEtat, telephoneNumber]`;
const FD15_TEXT = `The following accounts were modified:\n\n${ALICE_BLOCK}\n${ERIN_BLOCK}`;
const FD16_TEXT = `The following accounts were modified:\n\n${ALICE} attrs=[mail]`;

type Body = Record<string, unknown> & { summary?: Record<string, number> };

async function host(t: ExecutionContext, options: Partial<TestHostOptions> = {}, plugins: readonly string[] = ["notifications"]): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ...options });
  t.teardown(() => started.stop());
  t.deepEqual(
    started.plugins.loaded.map((plugin) => plugin.id),
    plugins,
  );
  return started;
}

async function status(h: TestHost, dn: string): Promise<string | undefined> {
  return (await h.ldap.read(dn))?.first("fdTasksGranularStatus");
}

async function statuses(h: TestHost, dns: readonly string[] = ALL): Promise<Record<string, string | undefined>> {
  return Object.fromEntries(await Promise.all(dns.map(async (dn) => [dn, await status(h, dn)] as const)));
}

async function lastExec(h: TestHost): Promise<string | undefined> {
  return (await h.ldap.read(CONFIG))?.first("fdTasksConfLastExecTime");
}

async function setConfig(h: TestHost, attribute: string, value: string): Promise<void> {
  await h.ldap.modify(CONFIG, [{ operation: "replace", attribute, values: [value] }]);
}

/** The mails as [from, to, subject, text] (text without the transport's trailing newline). */
const mails = (messages: readonly ReceivedMail[]) => messages.map((message) => [message.from, message.to.join(","), message.subject, message.text.trimEnd()]).sort();

const DEMO_MAILS = [
  ["it@example.org", "hr@example.org", SUBJECT, FD16_TEXT],
  ["noreply@example.org", "hr@example.org", SUBJECT, FD15_TEXT],
];
// grace's FD 1.5 'Notifications' subtask has nothing to do: deleted, as orchestrator 1.1 did.
const DEMO_STATUSES = { [ALICE_15]: "2", [ERIN_15]: "2", [GRACE_15]: undefined, [ALICE_16]: "2" };

test("the demo: ONE mail per main task listing each user's changes; grace has nothing to do (FD 1.5 data: deleted)", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.deepEqual(body[ALICE_15], SENT);
  t.deepEqual(body[ERIN_15], SENT);
  t.deepEqual(body[ALICE_16], SENT);
  t.deepEqual(body[GRACE_15], REMOVED);
  t.like(body.summary, { eligible: 4, processed: 4, succeeded: 3, skipped: 1, failed: 0 });

  t.deepEqual(mails(h.smtp.messages), DEMO_MAILS);
  for (const message of h.smtp.messages) {
    t.deepEqual(message.envelope.to, ["hr@example.org"]);
    t.deepEqual(message.attachments, []);
    t.false(message.headers.has("disposition-notification-to"));
  }
  t.deepEqual(await statuses(h), DEMO_STATUSES);
  t.is(await h.ldap.read(GRACE_15), null);
  // Not a Mail run: the anti-spam clock is left alone.
  t.is(await lastExec(h), "1700000000");

  // Sent once: after the interval, nothing is due any more.
  h.clock.advance(2 * 60_000);
  const again = await h.request("PATCH", "/api/tasks/notifications");
  t.is(again.status, 200);
  t.like(again.body as Body, { summary: { eligible: 0, processed: 0 } });
  t.is(h.smtp.messages.length, 2);
});

test("NOTIFICATIONS_INCLUDE_VALUES=TRUE adds the values, never a password's", async (t) => {
  const h = await host(t, { config: { NOTIFICATIONS_INCLUDE_VALUES: "TRUE" } });
  await h.ldap.modify(`cn=notify-staff-changes,${TASKS}`, [{ operation: "add", attribute: "fdTasksNotificationsAttributes", values: ["userPassword"] }]);
  await h.ldap.modify(`fdAuditDateTime=20261125143000.25Z,ou=audit,${BASE}`, [
    { operation: "replace", attribute: "fdAuditAttributes", values: ['{"mail":"alice.martin@example.org","userPassword":"{SSHA}c2VjcmV0LXNhbHQ="}'] },
  ]);
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  const staffMail = h.smtp.messages.find((message) => message.from === "noreply@example.org");
  t.is(
    staffMail?.text.trimEnd(),
    [
      "The following accounts were modified:",
      "",
      `${ALICE} attrs=[mail, userPassword]`,
      "  mail: alice.martin@example.org",
      "  userPassword: (changed, value not shown)",
      "",
      ERIN_BLOCK,
      "  supannRessourceEtat: {COMPTE}S:SupannVerrouille",
      "  telephoneNumber: +33 1 40 00 00 15",
    ].join("\n"),
  );
  t.false(h.smtp.messages.some((message) => message.text.includes("SSHA")));
});

// FD 1.6's post-state, set on the FD 1.6 main task only (FD 1.5 has no such attributes).
const FD16_MAIN = `cn=fd16-notify-mail-changes,${TASKS}`;
const MAIL_EXPIRED = "{MAIL}I:SupannExpire";
const ALICE_STATES = ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}A:SupannActif:20240901:20270831"];
const ALICE_PATH = `/objects/user/${encodeURIComponent(ALICE)}`;

/**
 * A FusionDirectory whose supannAccountStatus user tab is the user's entry in the test slapd: GET reads
 * supannRessourceEtatDate, PUT of the attribute and PATCH of the user replace it, as FusionDirectory would.
 */
async function fdWithUserTab(t: ExecutionContext, directory: () => TestHost): Promise<FakeFusionDirectory> {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  const write = async (dn: string, values: string[]) => {
    await directory().ldap.modify(dn, [{ operation: "replace", attribute: "supannRessourceEtatDate", values }]);
    return { status: 200, body: dn };
  };
  fake.override(async (call) => {
    const tab = /^\/objects\/user\/([^/]+)(\/supannAccountStatus(\/supannRessourceEtatDate)?)?$/.exec(call.path);
    if (tab === null || call.headers["session-token"] === undefined) return undefined;
    const dn = decodeURIComponent(tab[1] as string);
    if (call.method === "GET" && tab[2] !== undefined && tab[3] === undefined) {
      return { status: 200, body: { supannRessourceEtatDate: (await directory().ldap.read(dn, ["supannRessourceEtatDate"]))?.values("supannRessourceEtatDate") ?? [] } };
    }
    if (call.method === "PUT" && tab[3] !== undefined) return write(dn, call.body as string[]);
    if (call.method === "PATCH" && tab[2] === undefined) return write(dn, (call.body as { supannAccountStatus: { supannRessourceEtatDate: string[] } }).supannAccountStatus.supannRessourceEtatDate);
    return undefined;
  });
  return fake;
}

async function setPostState(h: TestHost): Promise<void> {
  await h.ldap.modify(FD16_MAIN, [
    { operation: "add", attribute: "fdTasksNotificationsPostResource", values: ["MAIL"] },
    { operation: "add", attribute: "fdTasksNotificationsPostState", values: ["I"] },
    { operation: "add", attribute: "fdTasksNotificationsPostSubState", values: ["SupannExpire"] },
  ]);
}

/** The demo with the post-state set on the FD 1.6 task, and a FusionDirectory serving the user tab. */
async function postStateHost(t: ExecutionContext): Promise<{ h: TestHost; fake: FakeFusionDirectory }> {
  let started: TestHost | undefined;
  const fake = await fdWithUserTab(t, () => started as TestHost);
  started = await host(t, { config: fakeFusionDirectoryConfig(fake) });
  await setPostState(started);
  return { h: started, fake };
}

async function supannStates(h: TestHost, dn: string): Promise<string[]> {
  return [...((await h.ldap.read(dn, ["supannRessourceEtatDate"]))?.values("supannRessourceEtatDate") ?? [])].sort();
}

test("FD 1.6 post-state: after the digest is sent, alice's {MAIL} is put in I:SupannExpire through FusionDirectory's user tab (FD 1.5 task: no post-state)", async (t) => {
  const { h, fake } = await postStateHost(t);
  const body = (await h.request("PATCH", "/api/tasks/notifications")).body as Body;

  t.deepEqual(body[ALICE_16], { ...SENT, postState: { state: MAIL_EXPIRED, users: { [ALICE]: "applied" } } });
  t.deepEqual(body[ALICE_15], SENT);
  t.deepEqual(body[ERIN_15], SENT);
  t.like(body.summary, { succeeded: 3, skipped: 1, failed: 0, warnings: 0 });
  // The mails and statuses are the demo's; the post-state changes only alice's {MAIL} state, dates kept.
  t.deepEqual(mails(h.smtp.messages), DEMO_MAILS);
  t.deepEqual(await statuses(h), DEMO_STATUSES);
  t.deepEqual(await supannStates(h, ALICE), ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}I:SupannExpire:20240901:20270831"]);
  t.deepEqual(await supannStates(h, ERIN), ["{COMPTE}A:SupannActif:20240101:20261215"]);
  // Read the tab, then ONE PUT of the whole list (upstream sent it once per existing value).
  t.deepEqual(
    fake.apiCalls().map((call) => [call.method, call.path, call.body]),
    [
      ["GET", `${ALICE_PATH}/supannAccountStatus`, undefined],
      ["PUT", `${ALICE_PATH}/supannAccountStatus/supannRessourceEtatDate`, ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}I:SupannExpire:20240901:20270831"]],
    ],
  );
});

test("FD 1.6 post-state with FusionDirectory down: the digest is sent once, the subtask done with a warning naming alice; LDAP unchanged", async (t) => {
  const fake = await startFakeFusionDirectory();
  await fake.stop(); // nothing listens on its port any more
  const h = await host(t, { config: fakeFusionDirectoryConfig(fake) });
  await setPostState(h);
  const body = (await h.request("PATCH", "/api/tasks/notifications")).body as Body;

  const report = body[ALICE_16] as { postState: { state: string; users: Record<string, string> } };
  t.like(report, { ...SENT, postState: { state: MAIL_EXPIRED } });
  t.regex(report.postState.users[ALICE] ?? "", /^not applied: FusionDirectory POST \/login: .*(ECONNREFUSED|ECONNRESET)/);
  t.like(body.summary, { succeeded: 3, failed: 0, warnings: 1 });
  t.deepEqual(await statuses(h), DEMO_STATUSES);
  t.deepEqual(mails(h.smtp.messages), DEMO_MAILS);
  t.deepEqual(await supannStates(h, ALICE), ALICE_STATES);
  t.true(h.logs().some((line) => String(line["msg"] ?? line["message"] ?? "") === "post-state not applied"));

  // Never sent again: the subtask is done.
  h.clock.advance(2 * 60_000);
  t.like((await h.request("PATCH", "/api/tasks/notifications")).body as Body, { summary: { eligible: 0 } });
  t.is(h.smtp.messages.length, 2);
});

test("FD 1.6 post-state in a dry run: says what would be applied, calls no FusionDirectory, changes nothing", async (t) => {
  const { h, fake } = await postStateHost(t);
  const body = (await h.request("PATCH", "/api/tasks/notifications?dryRun=true")).body as Body;
  t.like(body[ALICE_16], { dryRun: true, postState: { state: MAIL_EXPIRED, users: { [ALICE]: "would be applied" } } });
  t.false("postState" in (body[ALICE_15] as object));
  t.deepEqual(fake.calls, []);
  t.is(h.smtp.messages.length, 0);
  t.deepEqual(await supannStates(h, ALICE), ALICE_STATES);
});

test("TASKS_NOTHING_TO_DO=delete: grace's subtask is deleted with upstream 1.1's report", async (t) => {
  const h = await host(t, { config: { TASKS_NOTHING_TO_DO: "delete" } });
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  t.deepEqual((response.body as Body)[GRACE_15], REMOVED);
  t.is(await h.ldap.read(GRACE_15), null);
  t.deepEqual(await statuses(h, [ALICE_15, ERIN_15, ALICE_16]), { [ALICE_15]: "2", [ERIN_15]: "2", [ALICE_16]: "2" });
  t.is(h.smtp.messages.length, 2);
});

test("TASKS_NOTHING_TO_DO=status: grace's FD 1.5 subtask is set to 3 with the newest answer instead of deleted", async (t) => {
  const h = await host(t, { config: { TASKS_NOTHING_TO_DO: "status" } });
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  t.deepEqual((response.body as Body)[GRACE_15], { statusUpdate: true, Status: NO_MATCH });
  t.deepEqual(await statuses(h), { ...DEMO_STATUSES, [GRACE_15]: "3" });
  t.is(h.smtp.messages.length, 2);
});

test("a dry run sends and writes nothing, shows the planned mails and why grace is skipped", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/notifications?dryRun=true");
  t.is(response.status, 200);
  const body = response.body as Body;
  const fd15 = { mainTask: `cn=notify-staff-changes,${TASKS}`, from: "noreply@example.org", to: ["hr@example.org"], subject: SUBJECT, attachments: [] };
  t.deepEqual(body[ALICE_15], { dryRun: true, wouldSend: fd15, users: [{ dn: ALICE, attributes: ["mail", "telephoneNumber"] }] });
  t.deepEqual(body[ERIN_15], { dryRun: true, wouldSend: fd15, users: [{ dn: ERIN, attributes: ["supannRessourceEtat", "telephoneNumber"] }] });
  t.deepEqual(body[ALICE_16], {
    dryRun: true,
    wouldSend: { mainTask: `cn=fd16-notify-mail-changes,${TASKS}`, from: "it@example.org", to: ["hr@example.org"], subject: SUBJECT, attachments: [] },
    users: [{ dn: ALICE, attributes: ["mail"] }],
  });
  t.deepEqual(body[GRACE_15], { dryRun: true, nothingToDo: NO_MATCH, wouldBe: "removed" });
  t.is(h.smtp.messages.length, 0);
  t.deepEqual(await statuses(h), Object.fromEntries(ALL.map((dn) => [dn, "1"])));
  t.is(await lastExec(h), "1700000000");
});

test("the cap counts every recipient: a notification over it is held back whole, its subtasks stay due", async (t) => {
  const h = await host(t);
  // notify-staff-changes now has 3 recipients; the cap of 2 lets the FD 1.6 notification (1 recipient) through only.
  await h.ldap.modify(`cn=notify-staff-changes,${TASKS}`, [{ operation: "add", attribute: "fdTasksNotificationsListOfRecipientsMails", values: ["boss@example.org", "{PRO}audit@example.org"] }]);
  await setConfig(h, "fdTasksConfMaxEmails", "2");
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.deepEqual(body[ALICE_15], { skipped: "mail cap reached" });
  t.deepEqual(body[ERIN_15], { skipped: "mail cap reached" });
  t.deepEqual(body[ALICE_16], SENT);
  t.deepEqual(mails(h.smtp.messages), [["it@example.org", "hr@example.org", SUBJECT, FD16_TEXT]]);
  // grace's outcome needs no mail, so it is settled (deleted: FD 1.5 data) anyway.
  t.deepEqual(await statuses(h), { [ALICE_15]: "1", [ERIN_15]: "1", [GRACE_15]: undefined, [ALICE_16]: "2" });
  t.like(body.summary, { succeeded: 1, skipped: 3, failed: 0 });

  // With room for all three recipients, the held-back notification goes out whole.
  await setConfig(h, "fdTasksConfMaxEmails", "3");
  h.clock.advance(2 * 60_000);
  const later = await h.request("PATCH", "/api/tasks/notifications");
  t.is(later.status, 200);
  const fd15 = h.smtp.messages.slice(1);
  t.deepEqual(fd15.map((message) => message.to.join(",")).sort(), ["audit@example.org", "boss@example.org", "hr@example.org"]);
  t.true(fd15.every((message) => message.text.trimEnd() === FD15_TEXT));
  t.deepEqual(await statuses(h), DEMO_STATUSES);
});

test("the interval is the Mail task's gate: a notification run right after a mail run still goes out, and leaves the clock alone", async (t) => {
  const h = await host(t);
  const recent = String(Date.parse(DEMO_NOW) / 1000 - 30);
  await setConfig(h, "fdTasksConfLastExecTime", recent);
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  t.is(h.smtp.messages.length, 2);
  t.deepEqual(await statuses(h), DEMO_STATUSES);
  t.is(await lastExec(h), recent);
});

test("anti-spam order (--notifications --emails): the campaign mails still go out within the interval; a second mail run is blocked", async (t) => {
  const h = await host(t, { plugins: [path.resolve("plugins/mail"), PLUGIN] }, ["mail", "notifications"]);
  const notifications = await h.request("PATCH", "/api/tasks/notifications");
  t.like(notifications.body as Body, { summary: { succeeded: 3 } });
  t.is(h.smtp.messages.length, 2);
  t.is(await lastExec(h), "1700000000");
  // Same minute, interval 1 min: upstream's notification stamp blocked this campaign; here it goes out.
  h.clock.advance(10_000);
  const mail = await h.request("PATCH", "/api/tasks/mail");
  t.false("antiSpam" in (mail.body as Body));
  t.like(mail.body as Body, { summary: { succeeded: 5 } });
  t.is(h.smtp.messages.length, 7);
  const stamped = String(Date.parse(DEMO_NOW) / 1000 + 10);
  t.is(await lastExec(h), stamped);
  // The Mail run stamped and obeys the interval: another one 20 s later is refused with upstream's answer.
  h.clock.advance(20_000);
  const again = await h.request("PATCH", "/api/tasks/mail");
  t.deepEqual(again.body, { antiSpam: `Anti-spam protection active, skipping mail tasks. Last exec=${stamped}, interval=1min` });
  t.is(h.smtp.messages.length, 7);
});

test("three concurrent runs on two instances: still exactly one mail per main task", async (t) => {
  const h = await host(t);
  // Without the interval gate every run proceeds, so only the group claims stand between them and duplicates.
  await setConfig(h, "fdTasksConfIntervalEmails", "0");
  const config = await loadConfig({
    file: "/dev/null",
    env: { ...sandboxConfig(h.slapd, h.smtp), HTTP_PORT: "0", PLUGINS_BUILTIN: "FALSE", PLUGINS_DIR: path.dirname(PLUGIN), PLUGINS_ENABLED: "notifications" },
  });
  const other = await createHost({ config, clock: new TestClock(DEMO_NOW), logger: createLogger({ level: "error" }) });
  t.teardown(() => other.stop());
  const otherUrl = await other.listen();
  const patchOther = async () => {
    const response = await fetch(`${otherUrl}/api/tasks/notifications`, { method: "PATCH", headers: { authorization: `Bearer ${other.tokens.accessToken("orchestrator")}` } });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  const responses = await Promise.all([h.request("PATCH", "/api/tasks/notifications"), patchOther(), h.request("PATCH", "/api/tasks/notifications")]);
  t.deepEqual(
    responses.map((response) => response.status),
    [200, 200, 200],
  );
  t.deepEqual(mails(h.smtp.messages), DEMO_MAILS);
  t.deepEqual(await statuses(h), DEMO_STATUSES);
  // Every subtask was settled by exactly one run (a run that found nothing left answers with a message).
  const settled = responses.flatMap((response) => Object.keys(response.body as Body).filter((key) => key !== "summary" && key !== "message"));
  t.deepEqual([...settled].sort(), [...ALL].sort());
});

/** Two extra main tasks with `count` due subtasks each (one user each, all pointing at alice's mail change). */
async function bigGroupsLdif(t: ExecutionContext, count: number): Promise<string> {
  const blocks: string[] = [];
  for (const name of ["bulk-a", "bulk-b"]) {
    blocks.push(
      [
        `dn: cn=${name},${TASKS}`,
        "objectClass: top",
        "objectClass: fdTasks",
        "objectClass: fdTasksNotifications",
        `cn: ${name}`,
        "fdTasksStatus: 1",
        "fdTasksCreationDate: 2026-11-01 08:55:12am",
        "fdTasksScheduleDate: 20261101090000",
        "fdTasksRepeatable: FALSE",
        "fdTasksNotificationsAttributes: mail",
        "fdTasksNotificationsResource: NONE",
        `fdTasksNotificationsListOfRecipientsMails: ${name}@example.org`,
        `fdTasksNotificationsRecipientsMembers: cn=hr,ou=groups,${BASE}`,
        `fdTasksNotificationsMonitoredMembers: cn=staff,ou=groups,${BASE}`,
        "fdTasksNotificationsMailTemplate: account-change-notification",
        "fdTasksNotificationsEmailSender: noreply@example.org",
      ].join("\n"),
    );
    for (let n = 0; n < count; n += 1) {
      const cn = `${name}-SubTask-1795863600_${String(n).padStart(4, "0")}`;
      blocks.push(
        [
          `dn: cn=${cn},${TASKS}`,
          "objectClass: top",
          "objectClass: fdTasksGranular",
          `cn: ${cn}`,
          `fdTasksGranularMaster: cn=${name},${TASKS}`,
          "fdTasksGranularType: Notifications",
          "fdTasksGranularSchedule: 20261101090000",
          "fdTasksGranularStatus: 1",
          `fdTasksGranularDN: uid=${name}-user${n},ou=people,${BASE}`,
          `fdTasksGranularRef: fdAuditDateTime=20261125143000.25Z,ou=audit,${BASE}`,
        ].join("\n"),
      );
    }
  }
  const directory = await mkdtemp(path.join(tmpdir(), "fdo-notify-"));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const file = path.join(directory, "bulk.ldif");
  await writeFile(file, `${blocks.join("\n\n")}\n`);
  return file;
}

test("big groups under three concurrent runs: one mail per main task, listing every user once", async (t) => {
  const count = 40;
  const h = await host(t, { ldif: [await bigGroupsLdif(t, count)], config: { NOTIFICATIONS_TASK_CONCURRENCY: "1" } });
  await setConfig(h, "fdTasksConfIntervalEmails", "0");
  const responses = await Promise.all([1, 2, 3].map(() => h.request("PATCH", "/api/tasks/notifications")));
  t.deepEqual(
    responses.map((response) => response.status),
    [200, 200, 200],
  );
  const byRecipient = new Map<string, ReceivedMail[]>();
  for (const message of h.smtp.messages) byRecipient.set(message.to.join(","), [...(byRecipient.get(message.to.join(",")) ?? []), message]);
  t.deepEqual([...byRecipient.keys()].sort(), ["bulk-a@example.org", "bulk-b@example.org", "hr@example.org"]);
  t.is(byRecipient.get("hr@example.org")?.length, 2);
  for (const name of ["bulk-a", "bulk-b"]) {
    const [mail, ...more] = byRecipient.get(`${name}@example.org`) ?? [];
    t.is(more.length, 0);
    const listed = (mail?.text ?? "").split("\n").filter((line) => line.includes(" attrs=[mail]"));
    t.deepEqual([...listed].sort(), Array.from({ length: count }, (_, n) => `uid=${name}-user${n},ou=people,${BASE} attrs=[mail]`).sort());
  }
  const settled = responses.flatMap((response) => Object.keys(response.body as Body).filter((key) => key.startsWith("cn=bulk-")));
  t.is(settled.length, 2 * count);
  t.is(new Set(settled).size, 2 * count);
});

test("garbage fdAuditAttributes fails that subtask; the others of its main task still go out in the one mail", async (t) => {
  const h = await host(t);
  await h.ldap.modify(ERIN_PHONE_EVENT, [{ operation: "replace", attribute: "fdAuditAttributes", values: ['{"telephoneNumber": oops'] }]);
  const response = await h.request("PATCH", "/api/tasks/notifications");
  t.is(response.status, 200);
  const body = response.body as Body;

  const erin = await status(h, ERIN_15);
  t.regex(erin ?? "", /^Audit event fdAuditDateTime=20261126091500Z\+fdAuditId=771299,ou=audit,dc=example,dc=org: fdAuditAttributes is not valid JSON \(.*\): "\{\\"telephoneNumber\\": oops"$/);
  t.deepEqual(body[ERIN_15], { statusUpdate: true, Error: [erin] });

  t.deepEqual(mails(h.smtp.messages), [
    ["it@example.org", "hr@example.org", SUBJECT, FD16_TEXT],
    ["noreply@example.org", "hr@example.org", SUBJECT, `The following accounts were modified:\n\n${ALICE_BLOCK}`],
  ]);
  t.deepEqual(body[ALICE_15], SENT);
  t.deepEqual(await statuses(h), { ...DEMO_STATUSES, [ERIN_15]: erin });
});
