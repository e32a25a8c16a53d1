// The plan without side effects: ?dryRun=true and the preview route.
import test from "ava";
import { MARKERS, runReminders, startHost, statuses, userDn } from "./helpers.js";

interface PreviewRow {
  dn: string;
  uid: string;
  to: string | null;
  expiry: string;
  daysLeft: number;
  leadDays: number;
  reason?: string;
}
interface Preview {
  at: string;
  leadDays: number[];
  wouldMail: PreviewRow[];
  alreadySent: PreviewRow[];
  skipped: PreviewRow[];
  counts: Record<string, number>;
  mailCap: number;
}

test("a dry run reports the plan with subjects, sends nothing and writes nothing", async (t) => {
  const host = await startHost(t);
  const plan = await runReminders(t, host, "?dryRun=true");
  t.true(plan.dryRun);
  t.deepEqual(statuses(plan), {
    cid: "would send (1)",
    ben: "would send (7)",
    nomail: "skipped (7)",
    eve: "would send (7)",
    gone: "skipped (7)",
    hal: "would send (28)",
    cfg: "would send (28)",
    ann: "would send (28)",
  });
  t.deepEqual(
    plan.reminders.find((reminder) => reminder.uid === "ben"),
    {
      dn: userDn("ben"),
      uid: "ben",
      to: "ben@example.org",
      expiry: "2026-12-03",
      daysLeft: 5,
      leadDays: 7,
      status: "would send",
      subject: "Your password expires in 5 day(s)",
    },
  );
  t.like(plan.summary, { eligible: 8, succeeded: 6, failed: 0 });
  t.is(host.smtp.messages.length, 0);
  t.is(await host.ldap.read(MARKERS), null);
  // The anti-spam bookkeeping is untouched too.
  const config = await host.ldap.read(`cn=config,ou=fusiondirectory,dc=example,dc=org`, ["fdTasksConfLastExecTime"]);
  t.is(config?.first("fdTasksConfLastExecTime"), "1700000000");

  // And the real run still sends everything.
  const run = await runReminders(t, host);
  t.is(run.summary.succeeded, 6);
});

test("the preview route lists who would be mailed, with days left and lead time, and needs a token", async (t) => {
  const host = await startHost(t);
  t.is((await host.request("GET", "/api/plugins/password-expiry/preview", { auth: false })).status, 401);

  const response = await host.request("GET", "/api/plugins/password-expiry/preview");
  t.is(response.status, 200);
  const preview = response.body as Preview;
  t.is(preview.at, "2026-11-28T10:00:00.000Z");
  t.deepEqual(preview.leadDays, [1, 7, 28]);
  t.deepEqual(
    preview.wouldMail.map((row) => [row.uid, row.daysLeft, row.leadDays]),
    [
      ["cid", 1, 1],
      ["ben", 5, 7],
      ["eve", 7, 7],
      ["hal", 8, 28],
      ["cfg", 14, 28],
      ["ann", 20, 28],
    ],
  );
  t.deepEqual(preview.alreadySent, []);
  t.deepEqual(
    preview.skipped.map((row) => [row.uid, row.reason]),
    [
      ["nomail", "no usable mail address"],
      ["gone", "account expired on 2026-11-23 (shadowExpire)"],
    ],
  );
  t.deepEqual(preview.counts, { users: 11, notDue: 1, expired: 1, noExpiry: 1 });
  t.is(preview.mailCap, 50);

  // After a run, the same people are listed as already reminded; nothing was sent by the preview itself.
  t.is(host.smtp.messages.length, 0);
  await runReminders(t, host);
  const after = (await host.request("GET", "/api/plugins/password-expiry/preview")).body as Preview;
  t.deepEqual(after.wouldMail, []);
  t.is(after.alreadySent.length, 6);
});

test("the preview looks at another day with ?at=, and refuses a malformed one", async (t) => {
  const host = await startHost(t);
  const response = await host.request("GET", "/api/plugins/password-expiry/preview?at=2027-01-20");
  t.is(response.status, 200);
  const preview = response.body as Preview;
  // far expires 2027-01-27: 7 days left on 2027-01-20.
  t.deepEqual(
    preview.wouldMail.map((row) => [row.uid, row.daysLeft, row.leadDays]),
    [["far", 7, 7]],
  );

  const bad = await host.request("GET", "/api/plugins/password-expiry/preview?at=next-tuesday");
  t.is(bad.status, 400);
  t.like(bad.body, { code: "FDO_ERR_HTTP_BAD_REQUEST" });
});
