// The executor with the engine services faked: ordering of the token write and the send, taking a token back,
// the cap, dry runs, and what reaches logs.

import type { LogFields, Logger, MainTask, TaskStore } from "@fdo/sdk";
import { MemoryDirectory } from "@fdo/testing";
import test from "ava";
import { validateConfig } from "../../core/src/config/validate-config.js";
import { type ReminderConfig, reminderConfig } from "../../plugins/reminder/src/config.js";
import { NO_FD_URL, noAddressError, reminderTaskType } from "../../plugins/reminder/src/reminder-executor.js";
import { presentReminder } from "../../plugins/reminder/src/reports.js";
import { asDirectory, boundTaskType, FakeBudget, FakeMailer, FakeRunner, fakeEntry, fakeOutbox, fakeSubtask } from "../support/fakes.js";

/** What the host injects when orchestrator.conf sets none of the plugin's keys: the schema's defaults. */
const DEFAULT_CONFIG: ReminderConfig = (() => {
  const validation = validateConfig(reminderConfig, {});
  if (!validation.ok) throw new Error(validation.problems.map((problem) => problem.message).join("; "));
  return validation.config;
})();

const BASE = "dc=example,dc=org";
const TASKS = `ou=tasks,${BASE}`;
const BRANCH = `ou=reminder,ou=tokens,${BASE}`;
const ERIN = `uid=erin,ou=people,${BASE}`;
const NOMAIL = `uid=nomail,ou=people,${BASE}`;
const MAIN = `cn=remind,${TASKS}`;
const TOKEN_DN = `cn=erin,${BRANCH}`;
const API_URL = "https://fd.example.org/fd/rest.php/v1";

const mainTask: MainTask = {
  dn: MAIN,
  cn: "remind",
  entry: fakeEntry(MAIN, {
    objectClass: ["fdTasks", "fdTasksReminder"],
    cn: "remind",
    fdTasksReminderFirstCall: "30",
    fdTasksReminderSecondCall: "15",
    fdTasksReminderMailTemplate: "reminder",
    fdTasksReminderEmailSender: "noreply@example.org",
    fdTasksReminderResource: "COMPTE",
    fdTasksReminderState: "A",
    fdTasksReminderAccountProlongation: "TRUE",
    fdTasksReminderListOfRecipientsMails: "hr@example.org",
  }),
};

function entries() {
  return [
    fakeEntry(BASE, { objectClass: "domain" }),
    fakeEntry(`cn=config,ou=fusiondirectory,${BASE}`, { objectClass: ["fusionDirectoryConf", "fdMailTemplateConf"], fdReminderTokenRDN: "ou=reminder,ou=tokens" }),
    fakeEntry(`ou=mailTemplate,${BASE}`, { objectClass: "organizationalUnit" }),
    fakeEntry(`cn=reminder,ou=mailTemplate,${BASE}`, { objectClass: "fdMailTemplate", cn: "reminder", fdMailTemplateSubject: "Expiry", fdMailTemplateBody: "Prolong it: " }),
    fakeEntry(ERIN, {
      objectClass: ["inetOrgPerson", "supannPerson"],
      uid: "erin",
      mail: "erin@example.org",
      supannRessourceEtat: "{COMPTE}A:SupannActif",
      supannRessourceEtatDate: "{COMPTE}A:SupannActif:20240101:20261215",
    }),
    fakeEntry(NOMAIL, {
      objectClass: ["inetOrgPerson", "supannPerson"],
      uid: "nomail",
      supannRessourceEtat: "{COMPTE}A:SupannActif",
      supannRessourceEtatDate: "{COMPTE}A:SupannActif:20240101:20261210",
    }),
  ];
}

const subtask = (n: number, user: string, helper: string | undefined = "30") =>
  fakeSubtask(`cn=remind-SubTask-${n},${TASKS}`, "Reminder", { fdTasksGranularDN: user, ...(helper === undefined ? {} : { fdTasksGranularHelper: helper }) }, MAIN);

/** A logger that keeps every line, to check that no token is ever logged. */
function recordingLogger(): Logger & { lines: Array<[string, string, LogFields | undefined]> } {
  const lines: Array<[string, string, LogFields | undefined]> = [];
  const logger = {
    lines,
    debug: (message: string, fields?: LogFields) => void lines.push(["debug", message, fields]),
    info: (message: string, fields?: LogFields) => void lines.push(["info", message, fields]),
    warn: (message: string, fields?: LogFields) => void lines.push(["warn", message, fields]),
    error: (message: string, fields?: LogFields) => void lines.push(["error", message, fields]),
    child: () => logger,
  };
  return logger;
}

function setup(options: {
  subtasks: ReturnType<typeof subtask>[];
  cap?: number;
  refuse?: ConstructorParameters<typeof FakeMailer>[0];
  apiUrl?: string | undefined;
  config?: ReminderConfig;
  nothingToDo?: "status" | "delete";
}) {
  const runner = new FakeRunner(options.subtasks, { present: presentReminder, nothingToDo: options.nothingToDo ?? "status" });
  const budget = new FakeBudget(options.cap ?? 50);
  const mailer = new FakeMailer(options.refuse ?? {});
  const directory = new MemoryDirectory(entries());
  const tasks: Pick<TaskStore, "readMainTask" | "timeZone"> = { readMainTask: async (dn) => (dn === MAIN ? mainTask : null), timeZone: async () => "Europe/Paris" };
  const logger = recordingLogger();
  const settings = {
    ldapBase: BASE,
    dsaBranch: undefined,
    fusionDirectoryApiUrl: "apiUrl" in options ? options.apiUrl : API_URL,
    httpBasePath: "",
    nothingToDo: options.nothingToDo ?? ("status" as const),
  };
  const deps = { runner, outbox: fakeOutbox(budget, mailer, logger), directory: asDirectory(directory), tasks: tasks as TaskStore, settings, logger, config: options.config ?? DEFAULT_CONFIG };
  const executor = boundTaskType(reminderTaskType, deps, runner);
  return { executor, runner, budget, mailer, directory, logger };
}

const run = (dryRun = false) => ({ segment: "reminder", granularTypes: ["Reminder", "reminder"], dryRun, body: undefined, signal: new AbortController().signal, requestId: "test" });

test("the token is written before the mail is sent, and the mail carries its link; the interval gate is not the reminder's", async (t) => {
  const { executor, runner, budget, mailer, directory, logger } = setup({ subtasks: [subtask(1, ERIN)] });
  await executor.run(run());
  t.deepEqual(budget.opened, [{ enforceInterval: false, dryRun: false }]);
  t.is(runner.concurrency, 4);
  t.deepEqual(runner.outcome(subtask(1, ERIN).dn), {
    kind: "done",
    report: { statusUpdate: true, mailStatus: "reminder was successfully sent", updateLastMailExec: false },
    executedFor: [ERIN],
  });
  const token = directory.attributes(TOKEN_DN)?.["fdToken"]?.[0] ?? "";
  t.regex(token, /^[A-Za-z0-9]{43}$/);
  // 2026-11-28T10:00:00Z + 15 days (first call 30 - second call 15).
  t.deepEqual(directory.attributes(TOKEN_DN)?.["fdTokenTimestamp"], ["1797156000"]);
  t.deepEqual(directory.writes, [`add ou=tokens,${BASE}`, `add ${BRANCH}`, `add ${TOKEN_DN}`]);
  t.deepEqual(
    mailer.sent.map((message) => [message.to[0], message.text]),
    [
      ["erin@example.org", `Prolong it: https://fd.example.org/fd/accountProlongation.php?token=${token}&task=remind`],
      ["hr@example.org", `Prolong it: https://fd.example.org/fd/accountProlongation.php?token=${token}&task=remind`],
    ],
  );
  t.is(budget.taken, 2);
  t.is(budget.recorded, 0); // not a Mail run: the interval clock is left alone
  t.deepEqual(runner.irreversible, [subtask(1, ERIN).dn]);
  t.false(JSON.stringify(logger.lines).includes(token));
  t.like(logger.lines.find(([, message]) => message === "reminder sent")?.[2], { tokenEntry: TOKEN_DN, tokenAction: "create" });
});

test("when no recipient gets the mail, the subtask fails with the SMTP reply and the previous token is put back", async (t) => {
  const { executor, runner, directory } = setup({
    subtasks: [subtask(1, ERIN)],
    refuse: { "erin@example.org": { throw: "Can't send mail - all recipients were rejected: 550 <erin@example.org>: no such user" }, "hr@example.org": "rejected" },
  });
  await directory.add(`ou=tokens,${BASE}`, { objectClass: "organizationalUnit", ou: "tokens" });
  await directory.add(BRANCH, { objectClass: "organizationalUnit", ou: "reminder" });
  await directory.add(TOKEN_DN, { objectClass: ["top", "fdTokenEntry"], cn: "erin", fdTokenUserDN: ERIN, fdTokenType: "reminder", fdToken: "previous", fdTokenTimestamp: "1797000000" });
  await executor.run(run());
  t.deepEqual(runner.outcome(subtask(1, ERIN).dn), {
    kind: "failed",
    error: "550 <erin@example.org>: no such user",
    report: { statusUpdate: true, Error: ["550 <erin@example.org>: no such user", "SMTP Error: The following recipients failed: hr@example.org"] },
  });
  t.deepEqual(directory.attributes(TOKEN_DN)?.["fdToken"], ["previous"]);
  t.deepEqual(directory.attributes(TOKEN_DN)?.["fdTokenTimestamp"], ["1797000000"]);
});

test("when some recipients got the mail, the subtask is done, the failures are listed and the token stays", async (t) => {
  const { executor, runner, directory } = setup({ subtasks: [subtask(1, ERIN)], refuse: { "hr@example.org": "rejected" } });
  await executor.run(run());
  t.like(runner.outcome(subtask(1, ERIN).dn), { kind: "done", report: { mailStatus: "reminder was successfully sent", Error: ["SMTP Error: The following recipients failed: hr@example.org"] } });
  t.truthy(directory.attributes(TOKEN_DN));
});

test("a token that cannot be saved fails the subtask before anything is sent", async (t) => {
  const { executor, runner, mailer, directory } = setup({ subtasks: [subtask(1, ERIN)] });
  directory.failNext = { operation: "add", dn: TOKEN_DN, error: new Error("Insufficient access (50)") };
  await executor.run(run());
  t.like(runner.outcome(subtask(1, ERIN).dn), { kind: "failed", error: "Token could not be saved: Insufficient access (50)" });
  t.is(mailer.sent.length, 0);
  t.deepEqual(runner.irreversible, []);
});

test('a user without an address fails clearly, before any token or cap use; never a mail to "FALSE"', async (t) => {
  const { executor, runner, mailer, budget, directory } = setup({ subtasks: [subtask(1, NOMAIL)] });
  await executor.run(run());
  t.deepEqual(runner.outcome(subtask(1, NOMAIL).dn), { kind: "failed", error: noAddressError(NOMAIL), report: { statusUpdate: true, Error: [noAddressError(NOMAIL)] } });
  t.is(mailer.sent.length, 0);
  t.is(budget.taken, 0);
  t.deepEqual(directory.writes, []);
});

test("over the cap: the reminder stays due and no token is written", async (t) => {
  const { executor, runner, mailer, directory } = setup({ subtasks: [subtask(1, ERIN)], cap: 1 });
  await executor.run(run());
  t.deepEqual(runner.outcome(subtask(1, ERIN).dn), { kind: "skipped", reason: "mail cap reached", report: { skipped: "mail cap reached" } });
  t.is(mailer.sent.length, 0);
  t.deepEqual(directory.writes, []);
});

test("a dry run writes and sends nothing and describes the plan", async (t) => {
  const { executor, runner, mailer, directory, budget } = setup({ subtasks: [subtask(1, ERIN), subtask(2, NOMAIL)] });
  await executor.run(run(true));
  t.deepEqual(runner.outcome(subtask(1, ERIN).dn), {
    kind: "done",
    report: {
      dryRun: true,
      outcome: "done",
      because: "{COMPTE} ends on 2026-12-15, 17 days left (reminder at 30 days)",
      wouldSend: [
        { to: "erin@example.org", subject: "Expiry", attachments: [] },
        { to: "hr@example.org", subject: "Expiry", attachments: [] },
      ],
      wouldWriteToken: { dn: TOKEN_DN, action: "create", userDn: ERIN, expires: 1797156000, link: "https://fd.example.org/fd/accountProlongation.php?token=<token>&task=remind" },
    },
  });
  t.like(runner.outcome(subtask(2, NOMAIL).dn), { kind: "failed", report: { dryRun: true, outcome: "failed" } });
  t.deepEqual(budget.opened, [{ enforceInterval: false, dryRun: true }]);
  t.is(mailer.sent.length, 0);
  t.deepEqual(directory.writes, []);
  t.deepEqual(runner.irreversible, []);
});

test("FusionDirectory's URL: required for a prolongation link, and REMINDER_PROLONGATION_URL overrides it", async (t) => {
  const missing = setup({ subtasks: [subtask(1, ERIN)], apiUrl: undefined });
  await missing.executor.run(run());
  t.like(missing.runner.outcome(subtask(1, ERIN).dn), { kind: "failed", error: NO_FD_URL });
  t.is(missing.mailer.sent.length, 0);
  t.deepEqual(missing.directory.writes, []);

  const configured = setup({ subtasks: [subtask(1, ERIN)], apiUrl: undefined, config: { prolongationUrl: "https://id.example.org/", concurrency: 2 } });
  await configured.executor.run(run());
  t.regex(configured.mailer.sent[0]?.text ?? "", /^Prolong it: https:\/\/id\.example\.org\/accountProlongation\.php\?token=[A-Za-z0-9]{43}&task=remind$/);
  t.is(configured.runner.concurrency, 2);
});

test("broken subtasks fail clearly: no user DN, unknown user, unknown main task; a missing helper falls back to the first call", async (t) => {
  const orphan = fakeSubtask(`cn=orphan,${TASKS}`, "Reminder", { fdTasksGranularDN: ERIN, fdTasksGranularHelper: "30" }, `cn=gone,${TASKS}`);
  const { executor, runner } = setup({ subtasks: [subtask(1, ""), subtask(2, `uid=ghost,ou=people,${BASE}`), orphan, subtask(4, ERIN, undefined)] });
  await executor.run(run());
  t.like(runner.outcome(subtask(1, "").dn), { kind: "failed", error: "No user to remind: fdTasksGranularDN is empty" });
  t.like(runner.outcome(subtask(2, "").dn), { kind: "failed", error: `User not found: uid=ghost,ou=people,${BASE}` });
  t.like(runner.outcome(orphan.dn), { kind: "failed", error: `Main task not found: cn=gone,${TASKS}` });
  t.like(runner.outcome(subtask(4, ERIN).dn), { kind: "done" });
});

test("nothing to do: upstream 1.1's Removed report when the host deletes such subtasks (FD 1.5), the newest one otherwise", async (t) => {
  const later = fakeSubtask(`cn=remind-SubTask-9,${TASKS}`, "Reminder", { fdTasksGranularDN: ERIN, fdTasksGranularHelper: "15" }, MAIN);
  const details = "{COMPTE} ends on 2026-12-15, 17 days left; this reminder is sent 15 days or less before the end";
  const deleting = setup({ subtasks: [later], nothingToDo: "delete" });
  await deleting.executor.run(run());
  t.deepEqual(deleting.runner.outcome(later.dn), {
    kind: "nothing",
    reason: details,
    removed: true,
    report: { Removed: true, Status: "No reminder triggers were found, therefore removing the sub-task!", Message: "Account not about to expire, nothing to process!", Details: details },
  });
  const keeping = setup({ subtasks: [later] });
  await keeping.executor.run(run(true));
  t.deepEqual(keeping.runner.outcome(later.dn)?.report, { dryRun: true, outcome: "nothing", wouldBe: "status 3", Message: "Account not about to expire, nothing to process!", Details: details });
});

test("a claim lost before sending (markIrreversible throws) takes the token back and sends nothing", async (t) => {
  const { executor, runner, mailer, directory } = setup({ subtasks: [subtask(1, ERIN)] });
  const forEachDueGroup = runner.forEachDueGroup.bind(runner);
  runner.forEachDueGroup = (taskRun, groupOf, handler, options) =>
    forEachDueGroup(
      taskRun,
      groupOf,
      // The host's runner fails the whole group when its handler throws; FakeRunner's group loop leaves that to us.
      (group, context) =>
        handler(group, { ...context, markIrreversible: () => Promise.reject(new Error("subtask claim lost")) }).catch(
          (error: Error) => new Map(group.subtasks.map((task) => [task.dn, { kind: "failed" as const, error: error.message }])),
        ),
      options,
    );
  await executor.run(run());
  t.like(runner.outcome(subtask(1, ERIN).dn), { kind: "failed", error: "subtask claim lost" });
  t.is(mailer.sent.length, 0);
  t.is(directory.attributes(TOKEN_DN), undefined);
});
