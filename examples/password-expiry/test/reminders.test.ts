// Who gets which reminder, and that nobody gets one twice. Clock: 2026-11-28T10:00:00Z (the test host's default).
import test from "ava";
import { MARKERS, recipients, runReminders, startHost, statuses, userDn } from "./helpers.js";

test("each user whose password expires within a lead time gets the reminder of the smallest one, once", async (t) => {
  const host = await startHost(t, {
    config: {
      PASSWORD_EXPIRY_SUBJECT: "{uid}: your password expires on {expiry}",
      PASSWORD_EXPIRY_BODY: "Hello {name},\\n{days} day(s) left (the {lead}-day reminder).\\nChange it at {url}",
      PASSWORD_EXPIRY_CHANGE_URL: "https://password.example.org/",
    },
  });

  const first = await runReminders(t, host);
  t.deepEqual(statuses(first), {
    cid: "sent (1)",
    ben: "sent (7)",
    nomail: "skipped (7)",
    eve: "sent (7)",
    gone: "skipped (7)",
    hal: "sent (28)",
    cfg: "sent (28)",
    ann: "sent (28)",
  });
  t.is(first.reminders.find((reminder) => reminder.uid === "nomail")?.reason, "no usable mail address");
  t.is(first.reminders.find((reminder) => reminder.uid === "gone")?.reason, "account expired on 2026-11-23 (shadowExpire)");
  t.deepEqual(first.counts, { users: 11, notDue: 1, expired: 1, noExpiry: 1 });
  t.like(first.summary, { eligible: 8, processed: 6, succeeded: 6, skipped: 2, failed: 0 });

  const mails = await host.smtp.waitForMessages(6);
  t.deepEqual(recipients(host), ["ann@example.org", "ben@example.org", "cfg@example.org", "cid@example.org", "eve@example.org", "hal@example.org"]);
  const ben = mails.find((mail) => mail.to.includes("ben@example.org"));
  t.is(ben?.from, "it@example.org");
  t.is(ben?.subject, "ben: your password expires on 2026-12-03");
  t.is(ben?.text.trim(), "Hello Ben Baker,\n5 day(s) left (the 7-day reminder).\nChange it at https://password.example.org/");
  // cfg has no shadowMax: PASSWORD_EXPIRY_MAX_AGE_DAYS=180 applies.
  t.is(mails.find((mail) => mail.to.includes("cfg@example.org"))?.subject, "cfg: your password expires on 2026-12-12");

  // Every reminder sent is recorded as a completed claim, pointing at its user.
  const markers = await host.ldap.searchAll({ base: MARKERS, scope: "one", attributes: ["cn", "seeAlso", "description"] });
  t.is(markers.length, 6);
  const benMarker = markers.find((marker) => marker.first("seeAlso") === userDn("ben"));
  t.regex(benMarker?.first("cn") ?? "", /^20261203-7d-[0-9a-f]{16}$/);
  t.true(benMarker?.values("description").some((value) => value.startsWith("fdo-claim:done:")));

  // The same day again: nothing new.
  const second = await runReminders(t, host);
  t.true(second.reminders.filter((reminder) => reminder.to !== null && reminder.uid !== "gone").every((reminder) => reminder.status === "already sent"));
  t.like(second.summary, { succeeded: 0, failed: 0 });

  // Six days later: hal (2 days left) reaches the 7-day lead, eve (1 day) the 1-day lead; ann and cfg are still
  // within 28 days (already reminded); ben, cid, nomail and old have expired. cid's marker (2026-11-29) is pruned.
  host.clock.set("2026-12-04T06:00:00Z");
  const later = await runReminders(t, host);
  t.deepEqual(statuses(later), { eve: "sent (1)", gone: "skipped (1)", hal: "sent (7)", cfg: "already sent (28)", ann: "already sent (28)" });
  t.is(later.counts.expired, 4);
  t.is(later.markersPruned, 1);
  await host.smtp.waitForMessages(8);
  t.deepEqual(recipients(host), ["ann@example.org", "ben@example.org", "cfg@example.org", "cid@example.org", "eve@example.org", "eve@example.org", "hal@example.org", "hal@example.org"]);

  const again = await runReminders(t, host);
  t.is(again.summary.succeeded, 0);
  t.is(host.smtp.messages.length, 8);
});

test("an FD mail template named by PASSWORD_EXPIRY_MAIL_TEMPLATE is used, placeholders filled", async (t) => {
  const host = await startHost(t, { config: { PASSWORD_EXPIRY_MAIL_TEMPLATE: "password-expiry" } });
  await runReminders(t, host);
  const mails = await host.smtp.waitForMessages(6);
  const cid = mails.find((mail) => mail.to.includes("cid@example.org"));
  t.is(cid?.subject, "[IT] cid, 1 day(s) left");
  t.is(cid?.text.trim(), "Your password expires on 2026-11-29.\n\n-- The IT team");
});

test("a template that does not exist fails the run with the plugin's error code", async (t) => {
  const host = await startHost(t, { config: { PASSWORD_EXPIRY_MAIL_TEMPLATE: "no-such-template" } });
  const response = await host.request("PATCH", "/api/tasks/passwordExpiry");
  t.is(response.status, 500);
  t.like(response.body, { code: "FDO_ERR_PASSWORD_EXPIRY_TEMPLATE_UNUSABLE" });
  t.is(host.smtp.messages.length, 0);
});
