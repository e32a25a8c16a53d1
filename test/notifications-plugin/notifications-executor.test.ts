import { type DirectoryEntry, LdapNoSuchObjectError, type MainTask, type Subtask, type TaskStore } from "@fdo/sdk";
import test from "ava";
import { validateConfig } from "../../core/src/config/validate-config.js";
import { type NotificationsConfig, notificationsConfig } from "../../plugins/notifications/src/config.js";
import { notificationGroup, notificationsTaskType } from "../../plugins/notifications/src/notifications-executor.js";
import { CAP_REACHED, NO_MATCH, NO_MATCH_REMOVED, NOTIFICATION_SENT, presentNotification } from "../../plugins/notifications/src/reports.js";
import { asDirectory, boundTaskType, FakeBudget, FakeDirectory, FakeMailer, FakeRunner, fakeEntry, fakeOutbox, fakeRun, fakeSubtask, silentLogger } from "../support/fakes.js";

/** What the host injects when orchestrator.conf sets none of the plugin's keys: the schema's defaults. */
const DEFAULT_CONFIG: NotificationsConfig = (() => {
  const validation = validateConfig(notificationsConfig, {});
  if (!validation.ok) throw new Error(validation.problems.map((problem) => problem.message).join("; "));
  return validation.config;
})();

const BASE = "dc=example,dc=org";
const TEMPLATES = `ou=mailTemplate,${BASE}`;
const AUDIT = `ou=audit,${BASE}`;
const people = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const audit = (rdn: string) => `fdAuditDateTime=${rdn},${AUDIT}`;
const ALICE = people("alice");
const ERIN = people("erin");
const GRACE = people("grace");

const event = (rdn: string, object: string, attributes: string | string[], action = "modify") =>
  fakeEntry(audit(rdn), { objectClass: "fdAuditEvent", fdAuditDateTime: rdn.split("+")[0] ?? rdn, fdAuditAction: action, fdAuditObject: object, fdAuditAttributes: attributes });

const directoryEntries: DirectoryEntry[] = [
  fakeEntry(BASE, { objectClass: "domain" }),
  fakeEntry(`cn=config,ou=fusiondirectory,${BASE}`, { objectClass: ["fusionDirectoryConf", "fdMailTemplateConf"], fdMailTemplateRDN: "ou=mailTemplate" }),
  fakeEntry(TEMPLATES, { objectClass: "organizationalUnit" }),
  fakeEntry(`cn=changes,${TEMPLATES}`, { objectClass: "fdMailTemplate", cn: "changes", fdMailTemplateSubject: "Accounts modified", fdMailTemplateBody: "The following accounts were modified:\n" }),
  fakeEntry(`cn=signed,${TEMPLATES}`, {
    objectClass: "fdMailTemplate",
    cn: "signed",
    fdMailTemplateSubject: "Signed",
    fdMailTemplateBody: "Changes:",
    fdMailTemplateSignature: "--\nIT",
    fdMailTemplateReadReceipt: "TRUE",
  }),
  fakeEntry(`cn=note.txt,cn=signed,${TEMPLATES}`, { objectClass: "fdMailAttachments", cn: "note.txt", fdMailAttachmentsContent: Buffer.from("note") }),
  event("20261125143000.25Z", ALICE, '{"mail":"alice.martin@example.org","telephoneNumber":"+33 1 40 00 00 11"}'),
  event("20261126091500Z", ERIN, '{"supannRessourceEtat":["{COMPTE}S:SupannVerrouille"]}'),
  event("20261126091500Z+fdAuditId=771299", ERIN, '{"telephoneNumber":"+33 1 40 00 00 15","sn":"Lef\\u00e8vre"}'),
  event("20261124160000Z", GRACE, '{"description":"Moved to building B"}'),
  event("20261127000000Z", GRACE, '{"mail": oops'),
  event("20261127100000Z", ALICE, '{"mail":{"old":"alice@example.org","new":"alice.martin@example.org"}}'),
  fakeEntry(people("hugo"), { objectClass: "inetOrgPerson", mail: "hr@example.org" }),
  fakeEntry(people("nomail"), { objectClass: "inetOrgPerson" }),
  fakeEntry(people("bob"), { objectClass: "inetOrgPerson", mail: "bob@example.org", supannMailPerso: "{PERSO}bob@example.net" }),
  fakeEntry(`cn=hr,ou=groups,${BASE}`, { objectClass: "groupOfNames", member: [people("hugo"), people("bob"), people("nomail")] }),
];

const MAIN = `cn=notify-staff-changes,ou=tasks,${BASE}`;
const MAIN16 = `cn=fd16-notify,ou=tasks,${BASE}`;
const mainAttributes = {
  objectClass: ["top", "fdTasks", "fdTasksNotifications"],
  fdTasksNotificationsAttributes: ["mail", "telephoneNumber"],
  fdTasksNotificationsResource: "COMPTE",
  fdTasksNotificationsState: "S",
  fdTasksNotificationsSubState: "SupannVerrouille",
  fdTasksNotificationsListOfRecipientsMails: "hr@example.org",
  fdTasksNotificationsRecipientsMembers: `cn=hr,ou=groups,${BASE}`,
  fdTasksNotificationsMailTemplate: "changes",
  fdTasksNotificationsEmailSender: "noreply@example.org",
};
function mainTask(dn: string, attributes: Record<string, string | string[]> = {}): MainTask {
  return { dn, cn: dn.slice(3, dn.indexOf(",")), entry: fakeEntry(dn, { ...mainAttributes, ...attributes }) };
}

const sub = (n: number, user: string, refs: string[], master = MAIN, type = "Notifications") =>
  fakeSubtask(`cn=notify-SubTask-${n},ou=tasks,${BASE}`, type, { fdTasksGranularDN: user, fdTasksGranularRef: refs }, master);
const aliceSub = () => sub(1, ALICE, [audit("20261125143000.25Z")]);
const erinSub = () => sub(2, ERIN, [audit("20261126091500Z"), audit("20261126091500Z+fdAuditId=771299")]);
const graceSub = () => sub(3, GRACE, [audit("20261124160000Z")]);
const demoSubtasks = () => [aliceSub(), erinSub(), graceSub()];

// Attribute names only, as upstream: values only with NOTIFICATIONS_INCLUDE_VALUES=TRUE.
const DEMO_TEXT = ["The following accounts were modified:", "", `${ALICE} attrs=[mail, telephoneNumber]`, `${ERIN} attrs=[supannRessourceEtat, telephoneNumber]`].join("\n");

interface SetupOptions {
  readonly subtasks: Subtask[];
  readonly mains?: Record<string, MainTask>;
  readonly cap?: number;
  readonly refuse?: ConstructorParameters<typeof FakeMailer>[0];
  readonly nothingToDo?: "status" | "delete";
  readonly config?: Partial<NotificationsConfig>;
}

function setup(options: SetupOptions) {
  const runner = new FakeRunner(options.subtasks, { present: presentNotification, nothingToDo: options.nothingToDo ?? "status" });
  const budget = new FakeBudget(options.cap ?? 50);
  const mailer = new FakeMailer(options.refuse ?? {});
  const fake = new FakeDirectory(directoryEntries, (dn) => new LdapNoSuchObjectError(`no such object: ${dn}`));
  const reads: string[] = [];
  const directory = asDirectory(fake);
  const read = directory.read.bind(directory);
  directory.read = (dn, attributes) => {
    reads.push(dn);
    return read(dn, attributes);
  };
  const mains = options.mains ?? { [MAIN]: mainTask(MAIN), [MAIN16]: mainTask(MAIN16) };
  const mainTaskReads: string[] = [];
  const tasks: Pick<TaskStore, "readMainTask"> = {
    readMainTask: async (dn) => {
      mainTaskReads.push(dn);
      return mains[dn] ?? null;
    },
  };
  const settings = { ldapBase: BASE, dsaBranch: undefined, fusionDirectoryApiUrl: undefined, httpBasePath: "", nothingToDo: options.nothingToDo ?? ("status" as const) };
  const deps = { runner, outbox: fakeOutbox(budget, mailer), directory, tasks: tasks as TaskStore, settings, logger: silentLogger, config: { ...DEFAULT_CONFIG, ...options.config } };
  const executor = boundTaskType(notificationsTaskType, deps, runner);
  return { executor, runner, budget, mailer, reads, mainTaskReads };
}

// Only Mail runs stamp fdTasksConfLastExecTime: a notification never delays a mail campaign.
const SENT_REPORT = { statusUpdate: true, mailStatus: NOTIFICATION_SENT, updateLastMailExec: false };
/** A sent notification's outcome: done for the audited user, whom the host tags. */
const sentOutcome = (user: string) => ({ kind: "done", report: SENT_REPORT, executedFor: [user] });

test("the demo: one mail for alice and erin with their changed attributes, grace has nothing to do", async (t) => {
  const { executor, runner, budget, mailer, mainTaskReads } = setup({ subtasks: demoSubtasks() });
  await executor.run(fakeRun());
  t.deepEqual(budget.opened, [{ enforceInterval: false, dryRun: false }]);
  t.is(runner.concurrency, 4);
  t.is(mailer.sent.length, 1);
  t.deepEqual(mailer.sent[0], { from: "noreply@example.org", to: ["hr@example.org"], subject: "Accounts modified", text: DEMO_TEXT });
  t.deepEqual(runner.outcome(aliceSub().dn), sentOutcome(ALICE));
  t.deepEqual(runner.outcome(erinSub().dn), sentOutcome(ERIN));
  t.deepEqual(runner.outcome(graceSub().dn), { kind: "nothing", reason: NO_MATCH, report: { statusUpdate: true, Status: NO_MATCH } });
  t.deepEqual(
    runner.irreversible,
    demoSubtasks().map((subtask) => subtask.dn),
  );
  t.is(budget.taken, 1);
  t.is(budget.recorded, 0); // not a Mail run: the interval clock is left alone
  t.deepEqual(mainTaskReads, [MAIN]);
});

test("TASKS_NOTHING_TO_DO=delete: upstream 1.1's removal report", async (t) => {
  const { executor, runner, mailer } = setup({ subtasks: [graceSub()], nothingToDo: "delete" });
  await executor.run(fakeRun());
  t.deepEqual(runner.outcome(graceSub().dn), { kind: "nothing", reason: NO_MATCH, removed: true, report: { Removed: true, Status: NO_MATCH_REMOVED } });
  t.is(mailer.sent.length, 0);
  t.deepEqual(runner.irreversible, []);
});

test("each main task gets its own mail; FD 1.6 recipients are the resolved members; an event is read once per main task", async (t) => {
  const fd16 = sub(7, ALICE, [`${ALICE}|${audit("20261125143000.25Z")}`], MAIN16, "notifications");
  // A second subtask of the first main task refers to alice's event too.
  const again = sub(8, ALICE, [audit("20261125143000.25Z")]);
  const { executor, runner, mailer, reads, budget } = setup({ subtasks: [aliceSub(), fd16, erinSub(), again] });
  await executor.run(fakeRun());
  t.deepEqual(
    mailer.sent.map((message) => message.to),
    [["hr@example.org"], ["hr@example.org"], ["bob@example.org"]],
  );
  t.true((mailer.sent[0]?.text ?? "").includes(ERIN));
  t.false((mailer.sent[1]?.text ?? "").includes(ERIN));
  t.deepEqual(runner.outcome(fd16.dn), { ...sentOutcome(ALICE), report: { ...SENT_REPORT, unresolvedRecipients: [people("nomail")] } });
  // Three subtasks of two main tasks refer to it: read once by each main task (nothing is kept once a main task's
  // group is settled).
  t.is(reads.filter((dn) => dn === audit("20261125143000.25Z")).length, 2);
  t.is(budget.taken, 3);
  t.is(budget.recorded, 0);
});

test("garbage fdAuditAttributes fails that subtask; the others still go out in the one mail", async (t) => {
  const broken = sub(4, GRACE, [audit("20261127000000Z")]);
  const { executor, runner, mailer } = setup({ subtasks: [aliceSub(), broken, erinSub()] });
  await executor.run(fakeRun());
  const outcome = runner.outcome(broken.dn);
  t.is(outcome?.kind, "failed");
  const error = outcome?.kind === "failed" ? outcome.error : "";
  t.true(error.startsWith(`Audit event ${audit("20261127000000Z")}: fdAuditAttributes is not valid JSON`), error);
  t.deepEqual(outcome?.report, { statusUpdate: true, Error: [error] });
  t.is(mailer.sent.length, 1);
  t.is(mailer.sent[0]?.text, DEMO_TEXT);
  t.deepEqual(runner.outcome(aliceSub().dn), sentOutcome(ALICE));
});

test("the cap counts every recipient: a notification that does not fit is held back whole", async (t) => {
  const fd16 = sub(7, ALICE, [audit("20261125143000.25Z")], MAIN16, "notifications");
  // FD 1.6 has two recipients, FD 1.5 one: with a cap of 2, the first fits exactly and the second waits.
  const { executor, runner, mailer, budget } = setup({ subtasks: [fd16, ...demoSubtasks()], cap: 2 });
  await executor.run(fakeRun());
  t.deepEqual(
    mailer.sent.map((message) => message.to[0]),
    ["hr@example.org", "bob@example.org"],
  );
  t.deepEqual(runner.outcome(aliceSub().dn), { kind: "skipped", reason: CAP_REACHED, report: { skipped: CAP_REACHED } });
  t.deepEqual(runner.outcome(erinSub().dn), { kind: "skipped", reason: CAP_REACHED, report: { skipped: CAP_REACHED } });
  // grace's outcome does not depend on a mail.
  t.is(runner.outcome(graceSub().dn)?.kind, "nothing");
  t.deepEqual(runner.irreversible, [fd16.dn]);
  t.is(budget.taken, 2);
});

test("a dry run plans the mail on each listed subtask and says why the others are skipped", async (t) => {
  const { executor, runner, mailer, budget } = setup({ subtasks: demoSubtasks(), mains: { [MAIN]: mainTask(MAIN, { fdTasksNotificationsMailTemplate: "signed" }) } });
  await executor.run(fakeRun(true));
  t.deepEqual(budget.opened, [{ enforceInterval: false, dryRun: true }]);
  const wouldSend = { mainTask: MAIN, from: "noreply@example.org", to: ["hr@example.org"], subject: "Signed", attachments: ["note.txt"] };
  t.deepEqual(runner.outcome(aliceSub().dn), { kind: "done", report: { dryRun: true, wouldSend, users: [{ dn: ALICE, attributes: ["mail", "telephoneNumber"] }] } });
  t.deepEqual(runner.outcome(erinSub().dn), { kind: "done", report: { dryRun: true, wouldSend, users: [{ dn: ERIN, attributes: ["supannRessourceEtat", "telephoneNumber"] }] } });
  t.deepEqual(runner.outcome(graceSub().dn), { kind: "nothing", reason: NO_MATCH, report: { dryRun: true, nothingToDo: NO_MATCH, wouldBe: "status 3" } });
  t.is(mailer.sent.length, 0);
  t.deepEqual(runner.irreversible, []);
  t.is(budget.recorded, 0);
});

test("the template's signature, attachments and read receipt; old → new values when asked; vanished events reported", async (t) => {
  const alice = sub(1, ALICE, [audit("20261127100000Z"), audit("20200101000000Z")]);
  const { executor, runner, mailer } = setup({ subtasks: [alice], mains: { [MAIN]: mainTask(MAIN, { fdTasksNotificationsMailTemplate: "signed" }) }, config: { includeValues: true } });
  await executor.run(fakeRun());
  const [message] = mailer.sent;
  t.is(message?.text, `Changes:\n\n${ALICE} attrs=[mail]\n  mail: alice@example.org → alice.martin@example.org\n\n--\nIT`);
  t.deepEqual(
    message?.attachments?.map((attachment) => attachment.filename),
    ["note.txt"],
  );
  t.deepEqual(message?.headers, { "Disposition-Notification-To": "noreply@example.org" });
  t.deepEqual(runner.outcome(alice.dn), { ...sentOutcome(ALICE), report: { ...SENT_REPORT, missingAuditEvents: [audit("20200101000000Z")] } });
});

test("SMTP: refused for every recipient → all listed subtasks get the error; refused for some → done, listed", async (t) => {
  const refused = setup({ subtasks: demoSubtasks(), refuse: { "hr@example.org": { throw: "Message failed: 550 5.1.1 <hr@example.org>: Recipient address rejected" } } });
  await refused.executor.run(fakeRun());
  const error = "550 5.1.1 <hr@example.org>: Recipient address rejected";
  t.deepEqual(refused.runner.outcome(aliceSub().dn), { kind: "failed", error, report: { statusUpdate: true, mailStatus: [error] } });
  t.deepEqual(refused.runner.outcome(erinSub().dn), { kind: "failed", error, report: { statusUpdate: true, mailStatus: [error] } });
  t.is(refused.runner.outcome(graceSub().dn)?.kind, "nothing");
  t.is(refused.budget.recorded, 0);

  const fd16 = sub(7, ALICE, [audit("20261125143000.25Z")], MAIN16, "notifications");
  const partial = setup({ subtasks: [fd16], refuse: { "bob@example.org": "rejected" } });
  await partial.executor.run(fakeRun());
  t.deepEqual(partial.runner.outcome(fd16.dn), {
    ...sentOutcome(ALICE),
    report: { ...SENT_REPORT, Error: ["SMTP Error: The following recipients failed: bob@example.org"], unresolvedRecipients: [people("nomail")] },
  });
});

test("an unusable main task fails its matching subtasks; those with nothing to do are still settled", async (t) => {
  const noTemplate = setup({ subtasks: demoSubtasks(), mains: { [MAIN]: mainTask(MAIN, { fdTasksNotificationsMailTemplate: "missing" }) } });
  await noTemplate.executor.run(fakeRun());
  const missing = `Mail template not found: cn=missing,${TEMPLATES}`;
  t.deepEqual(noTemplate.runner.outcome(aliceSub().dn), { kind: "failed", error: missing, report: { statusUpdate: true, Error: [missing] } });
  t.is(noTemplate.runner.outcome(graceSub().dn)?.kind, "nothing");
  t.is(noTemplate.mailer.sent.length, 0);
  t.deepEqual(noTemplate.runner.irreversible, []);

  const badSender = setup({ subtasks: [aliceSub()], mains: { [MAIN]: mainTask(MAIN, { fdTasksNotificationsEmailSender: "a@b\r\nBcc: x@y" }) } });
  await badSender.executor.run(fakeRun());
  t.like(badSender.runner.outcome(aliceSub().dn), { kind: "failed", error: 'Invalid or missing sender (fdTasksNotificationsEmailSender): "a@b\\r\\nBcc: x@y"' });

  const noRecipients = setup({
    subtasks: [sub(7, ALICE, [audit("20261125143000.25Z")], MAIN16, "notifications")],
    mains: { [MAIN16]: mainTask(MAIN16, { fdTasksNotificationsRecipientsMembers: people("nomail") }) },
  });
  await noRecipients.executor.run(fakeRun());
  t.like(noRecipients.runner.outcomes[0]?.outcome, { kind: "failed", error: `Could not resolve emails for recipients: ${people("nomail")}` });

  const orphan = setup({ subtasks: [sub(9, ALICE, [audit("20261125143000.25Z")], `cn=gone,ou=tasks,${BASE}`)] });
  await orphan.executor.run(fakeRun());
  t.like(orphan.runner.outcomes[0]?.outcome, { kind: "failed", error: `Main task not found: cn=gone,ou=tasks,${BASE}` });
});

test("subtasks are grouped by main task (DN spelling ignored) and by FusionDirectory generation", (t) => {
  const a = sub(1, ALICE, [], MAIN);
  const b = sub(2, ALICE, [], MAIN.toUpperCase().replace(/,/g, ", "));
  const c = sub(3, ALICE, [], MAIN, "notifications");
  t.is(notificationGroup(a), notificationGroup(b));
  t.not(notificationGroup(a), notificationGroup(c));
});
