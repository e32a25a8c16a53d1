// The Reminder plugin against a real slapd (demo directory) and SMTP sink, clock frozen at 2026-11-28T10:00:00Z
// (11:00 in Europe/Paris, the demo's fdTimezone). No FusionDirectory call is made: its URL only builds the link.
import path from "node:path";
import { DEMO_NOW, type ReceivedMail, startTestHost, type TestHost, type TestHostOptions } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
const PLUGIN = path.resolve("plugins/reminder");
const MAIL_PLUGIN = path.resolve("plugins/mail");
const FIXTURES = path.resolve("test/reminder-plugin/reminder-fixtures.ldif");
const FD = {
  FUSIONDIRECTORY_WEBSERVICE_URL: "https://fd.example.org/fusiondirectory/rest.php/v1",
  FUSIONDIRECTORY_WEBSERVICE_LOGIN: "x",
  FUSIONDIRECTORY_WEBSERVICE_PASSWORD: "y",
};
const FD_BASE = "https://fd.example.org/fusiondirectory";

const account = (n: number) => `cn=remind-account-expiry-SubTask-1795597200_500${n},${TASKS}`;
const posix = (n: number) => `cn=remind-posix-expiry-SubTask-1793520002_500${n},${TASKS}`;
const FD16 = `cn=fd16-remind-expiry-SubTask-1795161601_7401,${TASKS}`;
const fixturePosix = (n: number) => `cn=fixture-remind-posix-SubTask-1793520002_930${n},${TASKS}`;
const fixtureSupann = (n: number) => `cn=fixture-remind-supann-SubTask-1793520002_931${n},${TASKS}`;
const tokenDn = (uid: string) => `cn=${uid},ou=tokens,${BASE}`;

/** Every reminder subtask of the demo directory, all at status 1 before a run. */
const DEMO_SUBTASKS = [account(1), account(2), account(3), account(4), account(5), account(6), posix(7), posix(8), FD16];
const NOMAIL_ERROR = `No e-mail address for uid=nomail,ou=people,${BASE} (no usable mail attribute): reminder not sent`;
const DEMO_NOW_SECONDS = Date.parse(DEMO_NOW) / 1000;
const IN_15_DAYS = String(DEMO_NOW_SECONDS + 15 * 86_400);
const ALICE_DEMO_TOKEN = "q3ZkAB9xYwPzLmNc0tRvE7sJhGfUiOaKbD2lWeX4";

// The demo template account-expiry-reminder (body ends with "prolonger : ", signature, read receipt TRUE).
const SUBJECT = "Votre compte expire bientôt";
const BODY = "Bonjour,\n\nVotre compte arrive à échéance. Merci de le prolonger : ";
const SIGNATURE = "\n\n--\nLa DSI — Université Exemple";

type Body = Record<string, unknown> & { summary?: Record<string, number> };

// Only Mail runs stamp fdTasksConfLastExecTime.
const SENT = { statusUpdate: true, mailStatus: "reminder was successfully sent", updateLastMailExec: false };
const NOT_DUE = "Account not about to expire, nothing to process!";
/** FD 1.6 data: status 3 with the newest orchestrator's answer. */
const notDue = (details: string) => ({ Status: true, Message: NOT_DUE, Details: details });
/** FD 1.5 data ('Reminder' subtasks): deleted, with upstream 1.1's `Removed`/`Status` plus the reason. */
const REMOVED_STATUS = "No reminder triggers were found, therefore removing the sub-task!";
const removed = (message: string, details: string) => ({ Removed: true, Status: REMOVED_STATUS, Message: message, Details: details });
const ALICE_30 = "{COMPTE} ends on 2027-08-31, 276 days left; this reminder is sent 30 days or less before the end";
const ALICE_15 = "{COMPTE} ends on 2027-08-31, 276 days left; this reminder is sent 15 days or less before the end";
const ERIN_15 = "{COMPTE} ends on 2026-12-15, 17 days left; this reminder is sent 15 days or less before the end";
// grace's two reminders (30 and 15 days) are both due (12 days left): only the 15-day one is sent.
const GRACE_SUPERSEDED = removed(
  "A nearer reminder of this user is due in the same run, nothing to process!",
  `the 15-day reminder ${posix(8)} of the same user is due in the same run and takes the place of this 30-day one`,
);
const NO_FD_URL = "Prolongation link impossible: FusionDirectory's URL is unknown (set FUSIONDIRECTORY_WEBSERVICE_URL, or REMINDER_PROLONGATION_URL); reminder not sent";

async function host(t: ExecutionContext, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ...options, config: { ...FD, ...options.config } });
  t.teardown(() => started.stop());
  t.deepEqual(started.plugins.failed, []);
  return started;
}

async function statuses(h: TestHost, dns: readonly string[]): Promise<Record<string, string | undefined>> {
  return Object.fromEntries(await Promise.all(dns.map(async (dn) => [dn, (await h.ldap.read(dn))?.first("fdTasksGranularStatus")] as const)));
}

async function token(h: TestHost, uid: string): Promise<Record<string, readonly string[]> | undefined> {
  const entry = await h.ldap.read(tokenDn(uid));
  if (entry === null) return undefined;
  return Object.fromEntries(["objectClass", "cn", "fdTokenUserDN", "fdTokenType", "fdToken", "fdTokenTimestamp"].map((name) => [name, entry.values(name)]));
}

async function lastExec(h: TestHost): Promise<string | undefined> {
  return (await h.ldap.read(CONFIG))?.first("fdTasksConfLastExecTime");
}

/** The token and task of the prolongation link in a mail, `undefined` when there is none. */
function linkOf(mail: ReceivedMail): { token: string; task: string } | undefined {
  const match = /https:\/\/fd\.example\.org\/fusiondirectory\/accountProlongation\.php\?token=([^&\s]+)&task=([^\s]+)/.exec(mail.text);
  return match === null ? undefined : { token: match[1] ?? "", task: decodeURIComponent(match[2] ?? "") };
}

const mailsTo = (h: TestHost, address: string) => h.smtp.messages.filter((message) => message.to.some((to) => to.toLowerCase() === address));

test("the demo reminders: who is due, the mails with their link, the tokens, and a status per subtask", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/reminder");
  t.is(response.status, 200);
  const body = response.body as Body;

  // Statuses, one per subtask, never shared between subtasks of the same main task. Nothing to do deletes the FD 1.5
  // 'Reminder' subtasks (as orchestrator 1.1 did) and sets the FD 1.6 'reminder' one to 3.
  t.deepEqual(await statuses(h, DEMO_SUBTASKS), {
    [account(1)]: undefined, // alice, 276 days left
    [account(2)]: undefined,
    [account(3)]: "2", // erin, 17 days left, first call (30)
    [account(4)]: undefined, // erin, second call (15): not yet
    [account(5)]: NOMAIL_ERROR, // nomail, 12 days left: upstream mailed "FALSE"
    [account(6)]: NOMAIL_ERROR,
    [posix(7)]: undefined, // grace, shadowExpire in 12 days, both calls due: the nearer (15) is sent, this one settled
    [posix(8)]: "2",
    [FD16]: "3", // FD 1.6 'reminder': erin, helper 15, 17 days left
  });
  t.deepEqual(body[account(1)], removed(NOT_DUE, ALICE_30));
  t.deepEqual(body[account(2)], removed(NOT_DUE, ALICE_15));
  t.deepEqual(body[account(4)], removed(NOT_DUE, ERIN_15));
  t.deepEqual(body[FD16], notDue(ERIN_15));
  t.deepEqual(body[account(5)], { statusUpdate: true, Error: [NOMAIL_ERROR] });
  for (const dn of [account(3), posix(8)]) t.deepEqual(body[dn], SENT, dn);
  t.deepEqual(body[posix(7)], GRACE_SUPERSEDED);
  t.like(body.summary, { eligible: 9, processed: 9, succeeded: 2, skipped: 5, failed: 2 });

  // erin and the forward address get the same mail; grace ONE (upstream sent two identical ones); never "FALSE".
  t.is(h.smtp.messages.length, 3);
  t.deepEqual(h.smtp.messages.map((message) => message.envelope.to.join(",")).sort(), ["erin.lefevre@example.org", "grace.roux@example.org", "hr@example.org"]);
  for (const mail of h.smtp.messages) {
    t.is(mail.from, "noreply@example.org");
    t.is(mail.subject, SUBJECT);
    t.regex(mail.headers.get("disposition-notification-to")?.toString() ?? "", /noreply@example\.org/);
  }

  // erin: a fresh random token at cn=erin,ou=tokens, valid 15 days (first call 30 - second call 15).
  const erinToken = await token(h, "erin");
  if (erinToken === undefined) return t.fail("no token for erin");
  const erinValue = erinToken["fdToken"]?.[0] ?? "";
  t.regex(erinValue, /^[A-Za-z0-9]{43}$/);
  t.deepEqual(erinToken, {
    objectClass: ["top", "fdTokenEntry"],
    cn: ["erin"],
    fdTokenUserDN: [`uid=erin,ou=people,${BASE}`],
    fdTokenType: ["reminder"],
    fdToken: [erinValue],
    fdTokenTimestamp: [IN_15_DAYS],
  });
  const erinLink = `${FD_BASE}/accountProlongation.php?token=${erinValue}&task=remind-account-expiry`;
  for (const to of ["erin.lefevre@example.org", "hr@example.org"]) {
    const [mail, ...more] = mailsTo(h, to);
    t.is(more.length, 0);
    // The template ends with "prolonger : ", so the link follows it directly; the signature comes last.
    t.is(mail?.text.trimEnd(), `${BODY}${erinLink}${SIGNATURE}`);
  }

  // grace (POSIX mode): her one reminder carries the token written at cn=grace.
  const graceToken = await token(h, "grace");
  const graceLinks = mailsTo(h, "grace.roux@example.org").map(linkOf);
  t.deepEqual(graceLinks, [{ token: graceToken?.["fdToken"]?.[0] ?? "missing", task: "remind-posix-expiry" }]);
  t.deepEqual(graceToken?.["fdTokenTimestamp"], [IN_15_DAYS]);
  t.not(graceToken?.["fdToken"]?.[0], erinValue);

  // alice's old token is untouched; nomail gets none; only Mail runs stamp the anti-spam time.
  t.deepEqual((await token(h, "alice"))?.["fdToken"], [ALICE_DEMO_TOKEN]);
  t.is(await token(h, "nomail"), undefined);
  t.is(await lastExec(h), "1700000000");

  // Tokens never reach the logs or the response.
  const logged = JSON.stringify(h.logs());
  const answered = JSON.stringify(response.body);
  for (const secret of [erinValue, graceToken?.["fdToken"]?.[0] ?? "missing"]) {
    t.false(logged.includes(secret));
    t.false(answered.includes(secret));
  }

  // Nothing is reminded twice: a new run finds nothing due.
  h.clock.advance(2 * 60_000);
  const again = await h.request("PATCH", "/api/tasks/reminder");
  t.like(again.body as Body, { summary: { eligible: 0 } });
  t.is(h.smtp.messages.length, 3);
});

test("a dry run writes and sends nothing, and shows the mails and tokens it would produce and why the others are skipped", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/reminder?dryRun=true");
  t.is(response.status, 200);
  const body = response.body as Body;

  t.deepEqual(body[account(3)], {
    dryRun: true,
    outcome: "done",
    because: "{COMPTE} ends on 2026-12-15, 17 days left (reminder at 30 days)",
    wouldSend: [
      { to: "erin.lefevre@example.org", subject: SUBJECT, attachments: [] },
      { to: "hr@example.org", subject: SUBJECT, attachments: [] },
    ],
    wouldWriteToken: {
      dn: tokenDn("erin"),
      action: "create",
      userDn: `uid=erin,ou=people,${BASE}`,
      expires: Number(IN_15_DAYS),
      link: `${FD_BASE}/accountProlongation.php?token=<token>&task=remind-account-expiry`,
    },
  });
  // Of grace's two due reminders only the nearer one would be sent.
  t.deepEqual(body[posix(7)], { dryRun: true, outcome: "nothing", wouldBe: "removed", Message: GRACE_SUPERSEDED.Message, Details: GRACE_SUPERSEDED.Details });
  t.like(body[posix(8)], {
    outcome: "done",
    because: "the POSIX account expires on 2026-12-10 (shadowExpire 20797), 12 days left (reminder at 15 days)",
    wouldSend: [{ to: "grace.roux@example.org" }],
    wouldWriteToken: { dn: tokenDn("grace"), action: "create" },
  });
  t.deepEqual(body[account(1)], { dryRun: true, outcome: "nothing", wouldBe: "removed", Message: NOT_DUE, Details: ALICE_30 });
  t.deepEqual(body[FD16], { dryRun: true, outcome: "nothing", wouldBe: "status 3", Message: NOT_DUE, Details: ERIN_15 });
  t.deepEqual(body[account(5)], { dryRun: true, outcome: "failed", Error: [NOMAIL_ERROR] });
  t.like(body.summary, { eligible: 9, processed: 9, succeeded: 2, skipped: 5, failed: 2 });

  t.is(h.smtp.messages.length, 0);
  t.deepEqual(await statuses(h, DEMO_SUBTASKS), Object.fromEntries(DEMO_SUBTASKS.map((dn) => [dn, "1"])));
  t.is(await token(h, "erin"), undefined);
  t.is(await token(h, "grace"), undefined);
  t.deepEqual((await token(h, "alice"))?.["fdToken"], [ALICE_DEMO_TOKEN]);
  t.is(await lastExec(h), "1700000000");
});

test("the anti-spam cap counts every recipient and never overshoots; reminders that do not fit stay due", async (t) => {
  const h = await host(t, { config: { REMINDER_TASK_CONCURRENCY: "1" } });
  await h.ldap.modify(CONFIG, [{ operation: "replace", attribute: "fdTasksConfMaxEmails", values: ["2"] }]);
  const response = await h.request("PATCH", "/api/tasks/reminder");
  t.is(response.status, 200);
  const body = response.body as Body;
  // erin's reminder takes 2 (erin + hr): the cap of 2 is reached; grace's reminder, and with it her superseded
  // 30-day one, stay at 1 for the next run to weigh again.
  t.is(h.smtp.messages.length, 2);
  t.deepEqual(await statuses(h, [account(3), posix(7), posix(8)]), { [account(3)]: "2", [posix(7)]: "1", [posix(8)]: "1" });
  t.deepEqual(body[posix(8)], { skipped: "mail cap reached" });
  t.deepEqual(body[posix(7)], { skipped: "mail cap reached" });
  t.like(body.summary, { succeeded: 1, failed: 2, skipped: 6 });

  // The next run (a new allowance) sends the nearer one and settles the other.
  h.clock.advance(2 * 60_000);
  const next = await h.request("PATCH", "/api/tasks/reminder");
  t.deepEqual((next.body as Body)[posix(8)], SENT);
  t.deepEqual((next.body as Body)[posix(7)], GRACE_SUPERSEDED);
  t.is(h.smtp.messages.length, 3);
});

test("the anti-spam cap is shared with the Mail task, the interval is the Mail task's alone: a reminder run right after it is not blocked and leaves the clock alone", async (t) => {
  const h = await host(t, { plugins: [MAIL_PLUGIN, PLUGIN] });
  t.is((await h.request("PATCH", "/api/tasks/mail")).status, 200);
  t.is(h.smtp.messages.length, 5);
  // The official client runs --emails then --reminder within seconds: the interval gate is the Mail task's.
  h.clock.advance(30_000);
  const reminder = await h.request("PATCH", "/api/tasks/reminder");
  t.like(reminder.body as Body, { summary: { succeeded: 2 } });
  t.is(h.smtp.messages.length, 8);
  // Upstream stamped the time here too, which then blocked the next campaign; only Mail runs stamp it now.
  t.is(await lastExec(h), String(DEMO_NOW_SECONDS));
  // 40 s later (70 s after the mail run) a mail run passes the 1-minute interval: the reminders did not delay it.
  h.clock.advance(40_000);
  const mail = await h.request("PATCH", "/api/tasks/mail");
  t.is(mail.status, 200);
  t.false("antiSpam" in (mail.body as Body));
});

test("FD 1.5 hosts (TASKS_NOTHING_TO_DO=delete): reminders with nothing to do are removed with upstream 1.1's report", async (t) => {
  const h = await host(t, { config: { TASKS_NOTHING_TO_DO: "delete" } });
  const response = await h.request("PATCH", "/api/tasks/reminder");
  t.deepEqual((response.body as Body)[account(1)], {
    Removed: true,
    Status: REMOVED_STATUS,
    Message: NOT_DUE,
    Details: ALICE_30,
  });
  t.deepEqual(await statuses(h, [account(1), account(2), account(4), FD16, account(3)]), {
    [account(1)]: undefined,
    [account(2)]: undefined,
    [account(4)]: undefined,
    [FD16]: undefined,
    [account(3)]: "2",
  });
});

test("TASKS_NOTHING_TO_DO=status: FD 1.5 reminders with nothing to do are set to 3 with the newest answer, not deleted", async (t) => {
  const h = await host(t, { config: { TASKS_NOTHING_TO_DO: "status" } });
  const response = await h.request("PATCH", "/api/tasks/reminder");
  t.deepEqual((response.body as Body)[account(1)], notDue(ALICE_30));
  t.deepEqual(await statuses(h, [account(1), account(2), account(4), FD16, account(3)]), {
    [account(1)]: "3",
    [account(2)]: "3",
    [account(4)]: "3",
    [FD16]: "3",
    [account(3)]: "2",
  });
});

test("without FusionDirectory's URL, prolongation reminders fail clearly and write nothing; no broken link is sent", async (t) => {
  const started = await startTestHost({ plugins: [PLUGIN] });
  t.teardown(() => started.stop());
  const response = await started.request("PATCH", "/api/tasks/reminder");
  t.is(response.status, 200);
  t.deepEqual(await statuses(started, [account(3), posix(7), posix(8), account(1)]), {
    [account(3)]: NO_FD_URL,
    [posix(7)]: NO_FD_URL,
    [posix(8)]: NO_FD_URL,
    [account(1)]: undefined, // nothing to do, FD 1.5 data: deleted
  });
  t.deepEqual((response.body as Body)[account(3)], { statusUpdate: true, Error: [NO_FD_URL] });
  t.is(started.smtp.messages.length, 0);
  t.is(await token(started, "erin"), undefined);
  t.is(await token(started, "grace"), undefined);
});

test("locked and expired accounts are skipped with the reason; POSIX without prolongation; non-uid RDNs; a replaced token; a failed mail takes its token back", async (t) => {
  const h = await host(t, { ldif: [FIXTURES], smtp: { rejectRecipients: ["grace.roux@example.org"] } });
  const response = await h.request("PATCH", "/api/tasks/reminder");
  t.is(response.status, 200);
  const body = response.body as Body;

  // Locked (SupAnn SupannVerrou*) and expired (shadowExpire passed) accounts: nothing to do (these FD 1.5 'Reminder'
  // subtasks are deleted), and the report says why.
  t.deepEqual(body[fixturePosix(2)], removed("Account is locked, nothing to process!", "the account is locked: {COMPTE}S:SupannVerrouAdministratif"));
  t.deepEqual(body[fixturePosix(3)], removed("Account already expired, nothing to process!", "the POSIX account expired on 2026-11-23 (shadowExpire 20780)"));
  t.deepEqual(await statuses(h, [fixturePosix(2), fixturePosix(3)]), { [fixturePosix(2)]: undefined, [fixturePosix(3)]: undefined });
  t.is(mailsTo(h, "locked@example.org").length + mailsTo(h, "expired@example.org").length, 0);

  // No fdTasksReminderAccountProlongation (upstream: stuck at 1 forever) and resource NONE with POSIX TRUE (upstream:
  // removed without a reminder when prolongation is off): a plain reminder, without link or token.
  const [lena] = mailsTo(h, "lena@example.org");
  t.is(lena?.from, "it@example.org");
  t.is(lena?.text.trimEnd(), `${BODY}${SIGNATURE}`);
  t.deepEqual(body[fixturePosix(1)], SENT);
  t.is(await token(h, "lena"), undefined);

  // A user whose RDN is not uid (upstream crashed): the token is named by its uid attribute. The forward list
  // repeats the user's address in another case: one mail each to kim and hr.
  const kimToken = await token(h, "kimlee");
  t.deepEqual(kimToken?.["fdTokenUserDN"], [`cn=Kim Lee,ou=people,${BASE}`]);
  t.deepEqual(kimToken?.["fdTokenTimestamp"], [IN_15_DAYS]);
  const kimReminder = h.smtp.messages.filter((mail) => linkOf(mail)?.token === kimToken?.["fdToken"]?.[0]);
  t.deepEqual(kimReminder.map((mail) => mail.envelope.to.join(",").toLowerCase()).sort(), ["hr@example.org", "kim.lee@example.org"]);
  t.deepEqual(
    kimReminder.map((mail) => linkOf(mail)?.task),
    ["fixture-remind-supann", "fixture-remind-supann"],
  );
  t.is(mailsTo(h, "kim.lee@example.org").length, 2); // kim's own reminder, and alice's (Kim.Lee is in the forward list)

  // alice's existing token (demo) is replaced in place by a new random one.
  const aliceToken = await token(h, "alice");
  t.not(aliceToken?.["fdToken"]?.[0], ALICE_DEMO_TOKEN);
  t.regex(aliceToken?.["fdToken"]?.[0] ?? "", /^[A-Za-z0-9]{43}$/);
  t.deepEqual(aliceToken?.["fdTokenUserDN"], [`uid=alice,ou=people,${BASE}`]);
  t.deepEqual(
    mailsTo(h, "alice.martin@example.org").map((mail) => linkOf(mail)),
    [{ token: aliceToken?.["fdToken"]?.[0] ?? "missing", task: "fixture-remind-supann" }],
  );
  t.deepEqual(await statuses(h, [fixtureSupann(1), fixtureSupann(2)]), { [fixtureSupann(1)]: "2", [fixtureSupann(2)]: "2" });

  // The SMTP server refused grace: her nearer reminder fails with its reply (restartable), the token written for
  // it is gone, and the 30-day one is settled (deleted: FD 1.5 data) so a restart never brings the duplicate back.
  const refused = "550 <grace.roux@example.org>: Recipient address rejected";
  t.deepEqual(await statuses(h, [posix(7), posix(8)]), { [posix(7)]: undefined, [posix(8)]: refused });
  t.is(await token(h, "grace"), undefined);
  // The rest of the demo went out as usual.
  t.deepEqual(await statuses(h, [account(3)]), { [account(3)]: "2" });
  t.is(h.smtp.messages.length, 2 + 1 + 2 + 3); // erin+hr, lena, kim+hr, alice+hr+kim
});
