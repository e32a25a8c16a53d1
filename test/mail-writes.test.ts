// How many LDAP writes a mail costs, counted by the host's own per-operation metric against the real slapd.
import path from "node:path";
import { startTestHost } from "@fdo/testing";
import test from "ava";
import { withTempFile } from "./support/scratch-dir.js";

const PLUGIN = path.resolve("plugins/mail");
const BASE = "dc=example,dc=org";
const BRANCH = `ou=write-count,${BASE}`;
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
const EXTRA = 40;
/** The demo directory's own due mail subtasks. */
const DEMO_DUE = 5;
/** Main tasks stamped once per run (FD 1.6 bookkeeping): the demo's welcome-mail-2026; the backlog's has no entry. */
const MAIN_TASKS_STAMPED = 1;

function backlog(count: number): string {
  const entries = [`dn: ${BRANCH}\nobjectClass: organizationalUnit\nou: write-count\n`];
  for (let index = 0; index < count; index += 1) {
    entries.push(
      `dn: cn=write-count-SubTask-${index},${BRANCH}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: write-count-SubTask-${index}\n` +
        `fdTasksGranularMaster: cn=write-count,${BRANCH}\nfdTasksGranularType: Mail Object\nfdTasksGranularSchedule: 20261101090000\nfdTasksGranularStatus: 1\n` +
        `fdTasksGranularMail: reader${index}@example.org\nfdTasksGranularMailFrom: noreply@example.org\nfdTasksGranularRef: welcome-mail\n`,
    );
  }
  return entries.join("\n");
}

/** The value of one sample line of the metrics exposition. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

test("a mail costs two status writes (claim into sending, outcome); the anti-spam window is written in chunks, not per mail", async (t) => {
  const host = await withTempFile("write-count.ldif", backlog(EXTRA), (file) => startTestHost({ plugins: [PLUGIN], ldif: [file], config: { METRICS_ENABLED: "TRUE" } }));
  t.teardown(() => host.stop());
  await host.ldap.modify(CONFIG, [{ operation: "replace", attribute: "fdTasksConfMaxEmails", values: ["1000"] }]);
  const modifies = async () => sample((await host.request("GET", "/metrics", { auth: false })).body as string, 'fdo_ldap_operation_duration_seconds_count{operation="modify"}');

  const before = await modifies();
  const response = await host.request("PATCH", "/api/tasks/mail");
  const writes = (await modifies()) - before;

  const mails = EXTRA + DEMO_DUE;
  t.like((response.body as { summary: unknown }).summary, { succeeded: mails, failed: 0 });
  t.is(host.smtp.messages.length, mails);
  // Two per mail, plus per run: the interval stamp, the last-exec time, joining and leaving the window, its chunks of
  // 1, 2, 4, ... 32 recipients (six for 45 mails), and each main task's execution stamp. Three writes per mail, or a
  // window write per mail, would be at least 135.
  t.log(`${writes} modifies for ${mails} mails`);
  t.true(writes >= 2 * mails, `${writes} modifies`);
  t.true(writes <= 2 * mails + 10 + MAIN_TASKS_STAMPED, `${writes} modifies for ${mails} mails`);
});
