// Never twice: concurrent runs on one instance, and two instances sharing one directory and one SMTP server.

import { sandboxConfig } from "@fdo/testing";
import test from "ava";
import { type RunBody, recipients, runReminders, startHost } from "./helpers.js";

const DUE = ["ann@example.org", "ben@example.org", "cfg@example.org", "cid@example.org", "eve@example.org", "hal@example.org"];

function sentBy(bodies: readonly RunBody[]): string[] {
  return bodies.flatMap((body) => body.reminders.filter((reminder) => reminder.status === "sent").map((reminder) => reminder.to ?? "")).sort();
}

test("four concurrent runs on one instance send each reminder once", async (t) => {
  const host = await startHost(t);
  const bodies = await Promise.all([1, 2, 3, 4].map(() => runReminders(t, host)));
  t.deepEqual(sentBy(bodies), DUE);
  // No waiting: a run answers after the SMTP server accepted its mails, and the sink records a mail before accepting
  // it, so every mail of these runs, duplicates included, is in the sink now.
  t.deepEqual(recipients(host), DUE);
});

test("two instances on the same directory, run together, send each reminder once", async (t) => {
  const first = await startHost(t);
  // The second instance talks to the first one's slapd and SMTP sink: the same deployment, another process.
  const second = await startHost(t, { config: { ...sandboxConfig(first.slapd, first.smtp) } });
  const bodies = await Promise.all([runReminders(t, first), runReminders(t, second), runReminders(t, first), runReminders(t, second)]);
  t.deepEqual(sentBy(bodies), DUE);
  const lost = bodies.flatMap((body) => body.reminders).filter((reminder) => reminder.status === "already sent");
  t.true(lost.length > 0);
  // As above: every mail of the four runs was recorded before their answers.
  t.deepEqual(recipients(first), DUE);
  t.is(second.smtp.messages.length, 0);
});
