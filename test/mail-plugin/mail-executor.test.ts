import { LdapNoSuchObjectError, type MainTask, type TaskStore } from "@fdo/sdk";
import test from "ava";
import { mailTaskType } from "../../plugins/mail/src/mail-executor.js";
import { presentMail } from "../../plugins/mail/src/reports.js";
import { asDirectory, boundTaskType, FakeBudget, FakeDirectory, FakeMailer, FakeRunner, fakeEntry, fakeOutbox, fakeRun, fakeSubtask, silentLogger } from "../support/fakes.js";

const BASE = "dc=example,dc=org";
const TEMPLATES = `ou=mailTemplate,${BASE}`;
const directoryEntries = [
  fakeEntry(BASE, { objectClass: "domain" }),
  fakeEntry(`cn=config,ou=fusiondirectory,${BASE}`, { objectClass: ["fusionDirectoryConf", "fdMailTemplateConf"], fdMailTemplateRDN: "ou=mailTemplate" }),
  fakeEntry(TEMPLATES, { objectClass: "organizationalUnit" }),
  // An attachment listed before its template: upstream took the first entry as the template.
  fakeEntry(`cn=charter.txt,cn=welcome,${TEMPLATES}`, { objectClass: "fdMailAttachments", cn: "charter.txt", fdMailAttachmentsContent: Buffer.from("charter") }),
  fakeEntry(`cn=welcome,${TEMPLATES}`, { objectClass: "fdMailTemplate", cn: "welcome", fdMailTemplateSubject: "Welcome", fdMailTemplateBody: "Hello", fdMailTemplateSignature: "--\nIT" }),
  fakeEntry(`cn=plain,${TEMPLATES}`, { objectClass: "fdMailTemplate", cn: "plain", fdMailTemplateSubject: "Plain", fdMailTemplateBody: "Body", fdMailTemplateReadReceipt: "TRUE" }),
  fakeEntry(`uid=bob,ou=people,${BASE}`, { objectClass: "inetOrgPerson", mail: "bob@example.org", supannMailPerso: "{PERSO}bob@example.net" }),
];

const MAIN = `cn=main,ou=tasks,${BASE}`;
const MAIN16 = `cn=main16,ou=tasks,${BASE}`;
const mainTasks: Record<string, MainTask> = {
  [MAIN]: { dn: MAIN, cn: "main", entry: fakeEntry(MAIN, { objectClass: ["fdTasks", "fdTasksMail"] }) },
  [MAIN16]: { dn: MAIN16, cn: "main16", entry: fakeEntry(MAIN16, { objectClass: ["fdTasks", "fdTasksMail"], fdTasksEmailAttribute: "supannMailPerso" }) },
};

function mail15(n: number, recipients: string | string[], template = "welcome") {
  return fakeSubtask(
    `cn=s${n},ou=tasks,${BASE}`,
    "Mail Object",
    {
      fdTasksGranularMail: recipients,
      fdTasksGranularRef: template,
      fdTasksGranularMailFrom: "noreply@example.org",
      fdTasksGranularMailBCC: "archive@example.org",
    },
    MAIN,
  );
}

function setup(options: { subtasks: ReturnType<typeof mail15>[]; cap?: number; blocked?: string; refuse?: ConstructorParameters<typeof FakeMailer>[0]; concurrency?: number }) {
  const runner = new FakeRunner(options.subtasks, { present: presentMail });
  const budget = new FakeBudget(options.cap ?? 50, options.blocked);
  const mailer = new FakeMailer(options.refuse ?? {});
  const directory = new FakeDirectory(directoryEntries, (dn) => new LdapNoSuchObjectError(`no such object: ${dn}`));
  const mainTaskReads: string[] = [];
  const tasks: Pick<TaskStore, "readMainTask"> = {
    readMainTask: async (dn) => {
      mainTaskReads.push(dn);
      return mainTasks[dn] ?? null;
    },
  };
  const settings = { ldapBase: BASE, dsaBranch: undefined, fusionDirectoryApiUrl: undefined, httpBasePath: "", nothingToDo: "status" as const };
  const deps = {
    runner,
    outbox: fakeOutbox(budget, mailer),
    directory: asDirectory(directory),
    tasks: tasks as TaskStore,
    settings,
    logger: silentLogger,
    config: { concurrency: options.concurrency ?? 8 },
  };
  const executor = boundTaskType(mailTaskType, deps, runner);
  return { executor, runner, budget, mailer, mainTaskReads };
}

test("blocked by the interval: antiSpam body, nothing processed", async (t) => {
  const { executor, runner, budget, mailer } = setup({ subtasks: [mail15(1, "a@example.org")], blocked: "Anti-spam protection active" });
  t.deepEqual(await executor.run(fakeRun()), { body: { antiSpam: "Anti-spam protection active" } });
  t.deepEqual(budget.opened, [{ enforceInterval: true, dryRun: false }]);
  t.is(runner.outcomes.length, 0);
  t.is(mailer.sent.length, 0);
});

test("sends one message per recipient with per-subtask attachments and upstream's report", async (t) => {
  const { executor, runner, budget, mailer } = setup({ subtasks: [mail15(1, ["a@example.org", "b@example.org"]), mail15(2, "c@example.org"), mail15(3, "d@example.org", "plain")] });
  await executor.run(fakeRun());
  t.is(runner.concurrency, 8);
  t.deepEqual(
    mailer.sent.map((message) => [message.to[0], message.bcc?.[0], message.attachments?.map((a) => a.filename) ?? []]),
    [
      ["a@example.org", "archive@example.org", ["charter.txt"]],
      ["b@example.org", "archive@example.org", ["charter.txt"]],
      ["c@example.org", "archive@example.org", ["charter.txt"]],
      ["d@example.org", "archive@example.org", []],
    ],
  );
  t.is(mailer.sent[0]?.text, "Hello\n\n--\nIT");
  t.is(mailer.sent[0]?.headers, undefined);
  t.deepEqual(mailer.sent[3]?.headers, { "Disposition-Notification-To": "noreply@example.org" });
  t.deepEqual(runner.outcome(`cn=s1,ou=tasks,${BASE}`), {
    kind: "done",
    report: { statusUpdate: true, mailStatus: `mail : cn=s1,ou=tasks,${BASE} was successfully sent`, updateLastMailExec: true },
  });
  t.deepEqual(runner.irreversible, [`cn=s1,ou=tasks,${BASE}`, `cn=s2,ou=tasks,${BASE}`, `cn=s3,ou=tasks,${BASE}`]);
  t.is(budget.taken, 4);
  t.is(budget.recorded, 3);
});

test("the cap counts messages; a subtask that does not fit is skipped and stays due", async (t) => {
  const { executor, runner, mailer } = setup({ subtasks: [mail15(1, ["a@example.org", "b@example.org"]), mail15(2, "c@example.org"), mail15(3, ["d@example.org", "e@example.org"])], cap: 3 });
  await executor.run(fakeRun());
  t.deepEqual(
    mailer.sent.map((message) => message.to[0]),
    ["a@example.org", "b@example.org", "c@example.org"],
  );
  t.deepEqual(runner.outcome(`cn=s3,ou=tasks,${BASE}`), { kind: "skipped", reason: "mail cap reached" });
});

test("SMTP failures: all failed → failed with the server text; some failed → done with the failures listed", async (t) => {
  const { executor, runner, budget } = setup({
    subtasks: [mail15(1, "bad@example.org"), mail15(2, ["good@example.org", "bad@example.org"]), mail15(3, "quiet@example.org")],
    refuse: { "bad@example.org": { throw: "550 5.1.1 <bad@example.org>: Recipient address rejected" }, "quiet@example.org": "rejected" },
  });
  await executor.run(fakeRun());
  t.deepEqual(runner.outcome(`cn=s1,ou=tasks,${BASE}`), {
    kind: "failed",
    error: "550 5.1.1 <bad@example.org>: Recipient address rejected",
    report: { statusUpdate: true, Error: ["550 5.1.1 <bad@example.org>: Recipient address rejected"] },
  });
  t.deepEqual(runner.outcome(`cn=s2,ou=tasks,${BASE}`), {
    kind: "done",
    report: {
      statusUpdate: true,
      mailStatus: `mail : cn=s2,ou=tasks,${BASE} was successfully sent`,
      updateLastMailExec: true,
      Error: ["550 5.1.1 <bad@example.org>: Recipient address rejected"],
    },
  });
  // Refused at RCPT TO while the BCC accepted the message: no exception, still a failure for the recipient.
  t.deepEqual(runner.outcome(`cn=s3,ou=tasks,${BASE}`), {
    kind: "failed",
    error: "SMTP Error: The following recipients failed: quiet@example.org",
    report: { statusUpdate: true, Error: ["SMTP Error: The following recipients failed: quiet@example.org"] },
  });
  t.is(budget.recorded, 1);
});

test("a missing template or invalid sender fails that subtask only", async (t) => {
  const noSender = fakeSubtask(`cn=s4,ou=tasks,${BASE}`, "Mail Object", { fdTasksGranularMail: "x@example.org", fdTasksGranularRef: "welcome", fdTasksGranularMailFrom: "a@b\r\nX: y" }, MAIN);
  const { executor, runner, mailer } = setup({ subtasks: [mail15(1, "a@example.org", "missing"), noSender, mail15(2, "b@example.org")] });
  await executor.run(fakeRun());
  t.deepEqual(runner.outcome(`cn=s1,ou=tasks,${BASE}`), {
    kind: "failed",
    error: `Mail template not found: cn=missing,${TEMPLATES}`,
    report: { statusUpdate: true, Error: [`Mail template not found: cn=missing,${TEMPLATES}`] },
  });
  t.like(runner.outcome(`cn=s4,ou=tasks,${BASE}`), { kind: "failed", error: 'Invalid or missing sender (fdTasksGranularMailFrom): "a@b\\r\\nX: y"' });
  t.deepEqual(
    mailer.sent.map((message) => message.to[0]),
    ["b@example.org"],
  );
  t.deepEqual(runner.irreversible, [`cn=s2,ou=tasks,${BASE}`]);
});

test("FD 1.6: recipients are resolved from DNs with the main task's attribute, read once per main task", async (t) => {
  const fd16 = (n: number, mail: string) =>
    fakeSubtask(`cn=t${n},ou=tasks,${BASE}`, "mail", { fdTasksGranularMail: mail, fdTasksGranularRef: "plain", fdTasksGranularMailFrom: "it@example.org" }, MAIN16);
  const { executor, runner, mailer, mainTaskReads } = setup({ subtasks: [fd16(1, `uid=bob,ou=people,${BASE}`), fd16(2, `uid=ghost,ou=people,${BASE}`), fd16(3, "carol@example.org")] });
  await executor.run(fakeRun());
  t.deepEqual(
    mailer.sent.map((message) => [message.to[0], message.bcc]),
    [
      ["bob@example.net", undefined],
      ["carol@example.org", undefined],
    ],
  );
  // The newest upstream's status `ERROR`, its single-text report naming the DN.
  t.deepEqual(runner.outcome(`cn=t2,ou=tasks,${BASE}`), { kind: "failed", error: "ERROR", report: { statusUpdate: true, Error: `Could not resolve email for DN: uid=ghost,ou=people,${BASE}` } });
  t.deepEqual(mainTaskReads, [MAIN16]);
});

test("a dry run sends nothing, records nothing and reports what would be sent", async (t) => {
  const { executor, runner, budget, mailer } = setup({ subtasks: [mail15(1, ["a@example.org", "b@example.org"])], concurrency: 3 });
  await executor.run(fakeRun(true));
  t.deepEqual(budget.opened, [{ enforceInterval: true, dryRun: true }]);
  t.is(runner.concurrency, 3);
  t.is(mailer.sent.length, 0);
  t.is(budget.recorded, 0);
  t.deepEqual(runner.irreversible, []);
  t.deepEqual(runner.outcome(`cn=s1,ou=tasks,${BASE}`), {
    kind: "done",
    report: {
      dryRun: true,
      wouldSend: [
        { to: "a@example.org", bcc: "archive@example.org", subject: "Welcome", attachments: ["charter.txt"] },
        { to: "b@example.org", bcc: "archive@example.org", subject: "Welcome", attachments: ["charter.txt"] },
      ],
    },
  });
});
