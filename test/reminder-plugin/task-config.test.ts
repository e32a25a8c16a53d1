import { fakeEntry } from "@fdo/testing";
import test from "ava";
import { parseDays, readTaskConfig } from "../../plugins/reminder/src/task-config.js";

const DN = "cn=remind,ou=tasks,dc=example,dc=org";
const base = {
  objectClass: ["top", "fdTasks", "fdTasksReminder"],
  cn: "remind",
  fdTasksReminderFirstCall: "30",
  fdTasksReminderSecondCall: "15",
  fdTasksReminderMailTemplate: "account-expiry-reminder",
  fdTasksReminderEmailSender: "noreply@example.org",
  fdTasksReminderResource: "COMPTE",
  fdTasksReminderState: "A",
  fdTasksReminderSubState: "SupannActif",
  fdTasksReminderAccountProlongation: "TRUE",
  fdTasksReminderPosix: "FALSE",
  fdTasksReminderListOfRecipientsMails: ["hr@example.org", "{PRO}boss@example.org"],
};
const read = (attributes: Record<string, string | string[] | undefined>) => {
  const merged = Object.fromEntries(Object.entries({ ...base, ...attributes }).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
  return readTaskConfig(DN, "remind", fakeEntry(DN, merged));
};

test("a SupAnn task with prolongation and a forward list (labels removed)", (t) => {
  t.deepEqual(read({}), {
    ok: true,
    config: {
      dn: DN,
      cn: "remind",
      supann: { resource: "COMPTE", state: "A", subState: "SupannActif" },
      posix: false,
      prolongation: true,
      template: "account-expiry-reminder",
      sender: "noreply@example.org",
      forward: ["hr@example.org", "boss@example.org"],
      firstCall: 30,
      secondCall: 15,
    },
  });
});

test("no fdTasksReminderAccountProlongation means no prolongation (upstream never processed the subtask)", (t) => {
  t.like(read({ fdTasksReminderAccountProlongation: undefined }), { ok: true, config: { prolongation: false } });
  t.like(read({ fdTasksReminderAccountProlongation: "false" }), { ok: true, config: { prolongation: false } });
});

test("POSIX is watched when fdTasksReminderPosix is TRUE, or absent with resource NONE", (t) => {
  t.like(read({ fdTasksReminderResource: "NONE", fdTasksReminderPosix: "TRUE" }), { ok: true, config: { supann: undefined, posix: true } });
  t.like(read({ fdTasksReminderResource: "NONE", fdTasksReminderPosix: undefined }), { ok: true, config: { supann: undefined, posix: true } });
  t.like(read({ fdTasksReminderResource: "NONE", fdTasksReminderPosix: "FALSE" }), { ok: true, config: { supann: undefined, posix: false } });
  t.like(read({ fdTasksReminderPosix: "TRUE" }), { ok: true, config: { posix: true, supann: { resource: "COMPTE" } } });
  t.like(read({ fdTasksReminderPosix: undefined }), { ok: true, config: { posix: false } });
});

test("configuration errors are clear and name the task", (t) => {
  t.deepEqual(read({ fdTasksReminderEmailSender: "it@example.org\r\nBcc: x@evil.example" }), {
    ok: false,
    error: `Reminder task ${DN}: invalid or missing sender (fdTasksReminderEmailSender): "it@example.org\\r\\nBcc: x@evil.example"`,
  });
  t.deepEqual(read({ fdTasksReminderListOfRecipientsMails: ["hr@example.org", "FALSE"] }), {
    ok: false,
    error: `Reminder task ${DN}: invalid forward address (fdTasksReminderListOfRecipientsMails): "FALSE"`,
  });
  t.like(read({ fdTasksReminderMailTemplate: undefined }), { ok: false, error: `Reminder task ${DN}: no mail template (fdTasksReminderMailTemplate is empty)` });
  t.like(read({ fdTasksReminderState: undefined }), { ok: false, error: `Reminder task ${DN}: fdTasksReminderState is empty while fdTasksReminderResource is "COMPTE"` });
});

test("day counts", (t) => {
  t.is(parseDays("30"), 30);
  t.is(parseDays(" 0 "), 0);
  for (const value of [undefined, "", "-1", "3.5", "thirty"]) t.is(parseDays(value), undefined, String(value));
});
