// The shared anti-spam cap (fdTasksConfMaxEmails) counts every recipient; the most urgent reminders go first.
import test from "ava";
import { FD_CONFIG, recipients, runReminders, startHost, statuses } from "./helpers.js";

const CAP = "mail cap reached (fdTasksConfMaxEmails); it will be sent by a later run";

test("at most fdTasksConfMaxEmails reminders per run, most urgent first; the rest go out with the next run", async (t) => {
  const host = await startHost(t);
  await host.ldap.modify(FD_CONFIG, [{ operation: "replace", attribute: "fdTasksConfMaxEmails", values: ["2"] }]);

  const dryRun = await runReminders(t, host, "?dryRun=true");
  t.deepEqual(
    dryRun.reminders.filter((reminder) => reminder.status === "would send").map((reminder) => reminder.uid),
    ["cid", "ben"],
  );

  const first = await runReminders(t, host);
  t.deepEqual(statuses(first), {
    cid: "sent (1)",
    ben: "sent (7)",
    nomail: "skipped (7)",
    eve: "skipped (7)",
    gone: "skipped (7)",
    hal: "skipped (28)",
    cfg: "skipped (28)",
    ann: "skipped (28)",
  });
  t.is(first.reminders.find((reminder) => reminder.uid === "ann")?.reason, CAP);
  await host.smtp.waitForMessages(2);
  t.deepEqual(recipients(host), ["ben@example.org", "cid@example.org"]);

  const second = await runReminders(t, host);
  t.deepEqual(
    second.reminders.filter((reminder) => reminder.status === "sent").map((reminder) => reminder.uid),
    ["eve", "hal"],
  );
  const third = await runReminders(t, host);
  t.deepEqual(
    third.reminders.filter((reminder) => reminder.status === "sent").map((reminder) => reminder.uid),
    ["cfg", "ann"],
  );
  await host.smtp.waitForMessages(6);
  t.is(host.smtp.messages.length, 6);
  // Only Mail runs stamp the interval clock: a reminder run counts toward the cap and leaves it alone.
  t.is((await host.ldap.read(FD_CONFIG, ["fdTasksConfLastExecTime"]))?.first("fdTasksConfLastExecTime"), "1700000000");
});

test("a refused recipient is reported as failed and retried by the next run", async (t) => {
  const host = await startHost(t, { smtp: { rejectRecipients: ["hal@example.org"] } });
  const first = await runReminders(t, host);
  const hal = first.reminders.find((reminder) => reminder.uid === "hal");
  t.is(hal?.status, "failed");
  t.regex(hal?.reason ?? "", /550/);
  t.like(first.summary, { succeeded: 5, failed: 1 });
  const second = await runReminders(t, host);
  t.deepEqual(
    second.reminders.filter((reminder) => reminder.status !== "already sent" && reminder.status !== "skipped").map((reminder) => [reminder.uid, reminder.status]),
    [["hal", "failed"]],
  );
});
