// The Mail plugin against a real slapd (demo directory) and SMTP sink, clock frozen at 2026-11-28T10:00:00Z.
import path from "node:path";
import { DEMO_NOW, type ReceivedMail, startSmtpSink, startTestHost, type TestHost, type TestHostOptions } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
const PLUGIN = path.resolve("plugins/mail");
const FIXTURES = path.resolve("test/mail-plugin/mail-fixtures.ldif");

const welcome = (n: number) => `cn=welcome-mail-2026-SubTask-1793520002_100${n},${TASKS}`;
const policy = (n: number) => `cn=fd16-password-policy-SubTask-1795161601_700${n},${TASKS}`;
const NEWSLETTER = `cn=newsletter-2099-SubTask-1793520002_2001,${TASKS}`;
const FD16_NEWSLETTER = `cn=fd16-newsletter-2099-SubTask-1795161601_7101,${TASKS}`;
const fixture = (n: number) => `cn=fixture-mail-SubTask-1793520002_900${n},${TASKS}`;
const fixture16 = (n: number) => `cn=fixture-fd16-SubTask-1795161601_910${n},${TASKS}`;
const FIXTURE_PRIVE = `cn=fixture-fd16-prive-SubTask-1795161601_9201,${TASKS}`;

/** The five subtasks of the demo directory that are due. */
const DUE = [welcome(1), welcome(2), welcome(3), policy(1), policy(2)];
/** Everything else of the demo mail tasks, with its status, which no run may touch. */
const UNTOUCHED: Record<string, string> = {
  [welcome(4)]: "2",
  [welcome(5)]: "SMTP Error: The following recipients failed: bounce@invalid.example",
  [NEWSLETTER]: "1",
  [policy(3)]: "2",
  [FD16_NEWSLETTER]: "1",
};

// Demo template contents (core/ldap/demo.ldif).
const WELCOME_TEXT = "Hello,\n\nYour account is ready. Please read the attached charter.\n\n\n--\nThe IT department";
const POLICY_TEXT = "Hello,\n\nPasswords now need 12 characters.\n";
const CHARTER = Buffer.from("QWNjZXB0YWJsZSB1c2UgY2hhcnRlcgo9PT09PT09PT09PT09PT09PT09PT09CkJlIG5pY2UgdG8gdGhlIGRpcmVjdG9yeS4K", "base64");
const LOGO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "base64");
const DEMO_NOW_SECONDS = String(Date.parse(DEMO_NOW) / 1000);

type Body = Record<string, unknown> & { summary?: Record<string, number> };

const sent = (dn: string) => ({ statusUpdate: true, mailStatus: `mail : ${dn} was successfully sent`, updateLastMailExec: true });

async function host(t: ExecutionContext, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  const started = await startTestHost({ plugins: [PLUGIN], ...options });
  t.teardown(() => started.stop());
  t.deepEqual(
    started.plugins.loaded.map((plugin) => plugin.id),
    ["mail"],
  );
  return started;
}

async function status(h: TestHost, dn: string): Promise<string | undefined> {
  return (await h.ldap.read(dn))?.first("fdTasksGranularStatus");
}

async function statuses(h: TestHost, dns: readonly string[]): Promise<Record<string, string | undefined>> {
  return Object.fromEntries(await Promise.all(dns.map(async (dn) => [dn, await status(h, dn)] as const)));
}

async function assertUntouched(t: ExecutionContext, h: TestHost): Promise<void> {
  t.deepEqual(await statuses(h, Object.keys(UNTOUCHED)), UNTOUCHED);
}

async function lastExec(h: TestHost): Promise<string | undefined> {
  return (await h.ldap.read(CONFIG))?.first("fdTasksConfLastExecTime");
}

const byRecipient = (messages: readonly ReceivedMail[]) => new Map(messages.map((message) => [message.to.join(","), message]));

test("the demo mail tasks send exactly the due mails, FD 1.5 and FD 1.6, and end at status 2", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/mail");
  t.is(response.status, 200);
  const body = response.body as Body;
  for (const dn of DUE) t.deepEqual(body[dn], sent(dn), dn);
  t.like(body.summary, { eligible: 5, processed: 5, succeeded: 5, failed: 0, skipped: 0 });

  const messages = h.smtp.messages;
  t.is(messages.length, 5);
  const mails = byRecipient(messages);
  t.deepEqual([...mails.keys()].sort(), ["alice.martin@example.org", "bob.durand@example.org", "carol.petit@example.org", "erin.lefevre@example.org", "grace.roux@example.org"]);
  for (const to of ["alice.martin@example.org", "erin.lefevre@example.org", "grace.roux@example.org"]) {
    const mail = mails.get(to);
    if (mail === undefined) return t.fail(`no mail to ${to}`);
    t.is(mail.from, "noreply@example.org");
    t.is(mail.subject, "Welcome to Example University");
    t.is(mail.text.trimEnd(), WELCOME_TEXT);
    // The BCC is in the envelope only.
    t.deepEqual([...mail.envelope.to].sort(), [to, "archive@example.org"].sort());
    t.deepEqual(mail.to, [to]);
    t.deepEqual(mail.cc, []);
    t.false(mail.headers.has("bcc"));
    t.false(mail.headers.has("disposition-notification-to"));
    t.deepEqual(mail.attachments.map((attachment) => [attachment.filename, attachment.content.toString("base64")]).sort(), [
      ["charter.txt", CHARTER.toString("base64")],
      ["logo.png", LOGO.toString("base64")],
    ]);
  }
  for (const to of ["bob.durand@example.org", "carol.petit@example.org"]) {
    const mail = mails.get(to);
    if (mail === undefined) return t.fail(`no mail to ${to}`);
    t.is(mail.from, "it@example.org");
    t.is(mail.subject, "New password policy");
    t.is(mail.text.trimEnd(), POLICY_TEXT.trimEnd());
    t.deepEqual(mail.envelope.to, [to]);
    t.deepEqual(mail.attachments, []);
  }

  t.deepEqual(await statuses(h, DUE), Object.fromEntries(DUE.map((dn) => [dn, "2"])));
  await assertUntouched(t, h);
  t.is(await lastExec(h), DEMO_NOW_SECONDS);

  // Nothing is ever sent twice: once the interval has passed, a new run finds nothing due.
  h.clock.advance(2 * 60_000);
  const again = await h.request("PATCH", "/api/tasks/mail");
  t.is(again.status, 200);
  t.like(again.body as Body, { summary: { eligible: 0 } });
  t.is(h.smtp.messages.length, 5);
});

test("the mail cap is honoured: two mails, the other due subtasks stay at 1", async (t) => {
  const h = await host(t, { config: { MAIL_TASK_CONCURRENCY: "1" } });
  await h.ldap.modify(CONFIG, [{ operation: "replace", attribute: "fdTasksConfMaxEmails", values: ["2"] }]);
  const response = await h.request("PATCH", "/api/tasks/mail");
  t.is(response.status, 200);
  t.is(h.smtp.messages.length, 2);
  const after = Object.values(await statuses(h, DUE));
  t.is(after.filter((value) => value === "2").length, 2);
  t.is(after.filter((value) => value === "1").length, 3);
  t.like((response.body as Body).summary, { succeeded: 2, skipped: 3, failed: 0 });
  await assertUntouched(t, h);
});

test("the interval is honoured: a run 30 s after the last one sends nothing and says why", async (t) => {
  const h = await host(t);
  const recent = String(Date.parse(DEMO_NOW) / 1000 - 30);
  await h.ldap.modify(CONFIG, [{ operation: "replace", attribute: "fdTasksConfLastExecTime", values: [recent] }]);
  const response = await h.request("PATCH", "/api/tasks/mail");
  t.is(response.status, 200);
  t.deepEqual(response.body, { antiSpam: `Anti-spam protection active, skipping mail tasks. Last exec=${recent}, interval=1min` });
  t.is(h.smtp.messages.length, 0);
  t.deepEqual(await statuses(h, DUE), Object.fromEntries(DUE.map((dn) => [dn, "1"])));
  t.is(await lastExec(h), recent);
});

test("an SMTP rejection fails that subtask with the server's reply; the others are sent", async (t) => {
  // startTestHost does not configure its own sink, so the host is pointed at a rejecting one.
  const sink = await startSmtpSink({ rejectRecipients: ["grace.roux@example.org", "carol.petit@example.org"] });
  t.teardown(() => sink.stop());
  const h = await host(t, { config: { MAIL_HOST: sink.host, MAIL_PORT: String(sink.port) } });
  const response = await h.request("PATCH", "/api/tasks/mail");
  t.is(response.status, 200);
  const body = response.body as Body;

  // carol (FD 1.6, no BCC): the server refused the only recipient, so the send itself failed with its reply.
  const carol = await status(h, policy(2));
  t.is(carol, "550 <carol.petit@example.org>: Recipient address rejected");
  t.deepEqual(body[policy(2)], { statusUpdate: true, Error: [carol] });
  // grace (FD 1.5 with BCC): refused at RCPT TO while the BCC accepted the message (upstream PHPMailer's wording).
  t.is(await status(h, welcome(3)), "550 <grace.roux@example.org>: Recipient address rejected");
  t.deepEqual(body[welcome(3)], { statusUpdate: true, Error: ["550 <grace.roux@example.org>: Recipient address rejected"] });

  t.deepEqual(await statuses(h, [welcome(1), welcome(2), policy(1)]), { [welcome(1)]: "2", [welcome(2)]: "2", [policy(1)]: "2" });
  for (const dn of [welcome(1), welcome(2), policy(1)]) t.deepEqual(body[dn], sent(dn));
  const envelopes = sink.messages.map((message) => [...message.envelope.to].sort().join(",")).sort();
  t.deepEqual(envelopes, ["alice.martin@example.org,archive@example.org", "archive@example.org", "archive@example.org,erin.lefevre@example.org", "bob.durand@example.org"]);
  t.is(h.smtp.messages.length, 0);
  await assertUntouched(t, h);
});

test("a dry run sends nothing, changes nothing and reports what would be sent", async (t) => {
  const h = await host(t);
  const response = await h.request("PATCH", "/api/tasks/mail?dryRun=true");
  t.is(response.status, 200);
  const body = response.body as Body;
  const plan = body[welcome(1)] as { dryRun: boolean; wouldSend: Array<{ attachments: string[] }> };
  t.deepEqual(
    { ...plan, wouldSend: plan.wouldSend.map((mail) => ({ ...mail, attachments: [...mail.attachments].sort() })) },
    {
      dryRun: true,
      wouldSend: [{ to: "alice.martin@example.org", bcc: "archive@example.org", subject: "Welcome to Example University", attachments: ["charter.txt", "logo.png"] }],
    },
  );
  t.deepEqual(body[policy(1)], { dryRun: true, wouldSend: [{ to: "bob.durand@example.org", bcc: null, subject: "New password policy", attachments: [] }] });
  t.is(h.smtp.messages.length, 0);
  t.deepEqual(await statuses(h, DUE), Object.fromEntries(DUE.map((dn) => [dn, "1"])));
  await assertUntouched(t, h);
  t.is(await lastExec(h), "1700000000");
});

test("templates: read receipt, no attachments and no read-receipt attribute, missing template; FD 1.6 DNs resolved", async (t) => {
  const h = await host(t, { ldif: [FIXTURES] });
  const response = await h.request("PATCH", "/api/tasks/mail");
  t.is(response.status, 200);
  const body = response.body as Body;
  const mails = byRecipient(h.smtp.messages);

  const henry = mails.get("henry@example.org");
  t.is(henry?.subject, "Please confirm");
  t.is(henry?.text.trimEnd(), "Please confirm that you read this.\n\n-- Admin");
  t.regex(henry?.headers.get("disposition-notification-to") ?? "", /noreply@example\.org/);
  t.deepEqual(
    henry?.attachments.map((attachment) => [attachment.filename, attachment.content.toString("utf8")]),
    [["rules.txt", "rule 1: be nice"]],
  );
  t.is(await status(h, fixture(1)), "2");

  // No attachments and no fdMailTemplateReadReceipt (upstream answered 500): sent without either.
  const ivan = mails.get("ivan@example.org");
  t.is(ivan?.text.trimEnd(), "Nothing attached.");
  t.deepEqual(ivan?.attachments, []);
  t.false(ivan?.headers.has("disposition-notification-to"));
  t.is(await status(h, fixture(2)), "2");

  // A missing template fails that subtask only.
  const missing = `Mail template not found: cn=no-such-template,ou=mailTemplate,${BASE}`;
  t.is(await status(h, fixture(3)), missing);
  t.deepEqual(body[fixture(3)], { statusUpdate: true, Error: [missing] });
  t.false(mails.has("judy@example.org"));

  // FD 1.6: the recipient DN is resolved with the main task's attribute, then mail; labels removed.
  t.truthy(mails.get("bob.durand@example.net"));
  t.is(await status(h, fixture16(1)), "2");
  t.is(await status(h, fixture16(2)), "2");
  t.is(h.smtp.messages.filter((message) => message.to.includes("carol.petit@example.org")).length, 2);
  const unresolved = `Could not resolve email for DN: uid=nomail,ou=people,${BASE}`;
  // The newest upstream's status ERROR on FD 1.6 data; the report names the DN in its single-text shape.
  t.is(await status(h, fixture16(3)), "ERROR");
  t.deepEqual(body[fixture16(3)], { statusUpdate: true, Error: unresolved });
  t.is(mails.get("kim.lee@example.net")?.from, "it@example.org");
  t.is(await status(h, FIXTURE_PRIVE), "2");

  // The demo tasks went out as usual next to them.
  t.deepEqual(await statuses(h, DUE), Object.fromEntries(DUE.map((dn) => [dn, "2"])));
  t.is(h.smtp.messages.length, 5 + 2 + 3);
  await assertUntouched(t, h);
});
