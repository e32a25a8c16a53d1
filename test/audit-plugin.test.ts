import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { AUDIT_BRANCH, auditEvent, BASE, BRANCHES, eventDn, eventsFrom, mainTask, subtask, subtaskDn } from "./support/audit-ldif.js";
import { scratchDir, withTempFile } from "./support/scratch-dir.js";

type Body = Record<string, unknown> & { summary?: Record<string, number> };

const PLUGIN = path.resolve("plugins/audit");
const DEMO_6001 = `cn=audit-retention-SubTask-1795680003_6001,ou=tasks,${BASE}`;
const DEMO_6002 = `cn=audit-retention-SubTask-1795762803_6002,ou=tasks,${BASE}`;
const DEMO_7501 = `cn=fd16-audit-retention-SubTask-1795161601_7501,ou=tasks,${BASE}`;
const DEMO_7502 = `cn=fd16-audit-retention-SubTask-1795161601_7502,ou=tasks,${BASE}`;
const DEMO_OLD = ["20231005081500Z", "20240115103000.5Z", "2024030112Z", "2024030112Z+fdAuditId=4242", "20250520170000.123456Z"];
const DEMO_RECENT = ["20261120090000Z", "20261124160000Z", "20261125143000.25Z", "20261126091500Z", "20261126091500Z+fdAuditId=771299"];
const demoEvent = (rdn: string): string => `fdAuditDateTime=${rdn},${AUDIT_BRANCH}`;

async function host(entries: readonly string[], options: { demoData?: boolean; config?: Record<string, string> } = {}): Promise<TestHost> {
  const start = (ldif: string[]) => startTestHost({ plugins: [PLUGIN], ldif, demoData: options.demoData ?? true, config: options.config ?? {} });
  if (entries.length === 0) return start([]);
  return withTempFile("audit.ldif", (options.demoData === false ? [...BRANCHES, ...entries] : entries).join("\n"), (file) => start([file]));
}

async function status(testHost: TestHost, dn: string): Promise<string | undefined> {
  return (await testHost.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
}

async function eventDns(testHost: TestHost): Promise<string[]> {
  const entries = await testHost.ldap.searchAll({ base: AUDIT_BRANCH, filter: "(objectClass=fdAuditEvent)", attributes: ["fdAuditDateTime"] });
  return entries.map((entry) => entry.dn).sort();
}

test("demo directory: 365 days removes the 5 old events, the 180-day subtask then has nothing to do, the rest is untouched", async (t) => {
  const testHost = await host([]);
  t.teardown(() => testHost.stop());
  const response = await testHost.request("PATCH", "/api/tasks/audit");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.like(body[DEMO_6002], { result: true, info: "5 audit records removed.", statusUpdate: true, retentionDays: 365, removed: 5 });
  t.like(body[DEMO_6002], { cutoff: "2025-11-28T10:00:00.000Z", kept: { recent: 5, future: 0, unparsable: 0 } });
  t.like(body[DEMO_7501], { result: true, info: "No audit requiring removal", statusUpdate: true, removed: 0, retentionDays: 180 });
  t.like(body.summary, { eligible: 2, processed: 2, succeeded: 1, skipped: 1, failed: 0 });
  t.deepEqual(Object.keys(body).sort(), [DEMO_6002, DEMO_7501, "summary"].sort());
  t.deepEqual(await eventDns(testHost), DEMO_RECENT.map(demoEvent).sort());
  t.is(await status(testHost, DEMO_6001), "2");
  t.is(await status(testHost, DEMO_6002), "2");
  t.is(await status(testHost, DEMO_7501), "3");
  t.is(await status(testHost, DEMO_7502), '{"Ldap Error":"Insufficient access (50)"}');

  const again = await testHost.request("PATCH", "/api/tasks/AUDIT");
  t.is(again.status, 200);
  t.regex(String((again.body as Body)["message"]), /no subtask is due/);
});

test("a dry run reports what would be removed and why the rest stays, and changes nothing", async (t) => {
  const testHost = await host([]);
  t.teardown(() => testHost.stop());
  const before = await eventDns(testHost);
  const response = await testHost.request("PATCH", "/api/tasks/audit?dryRun=true");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.like(body[DEMO_6002], { dryRun: true, outcome: "done", info: "5 audit records would be removed.", wouldRemove: 5, statusUpdate: false, kept: { recent: 5, future: 0, unparsable: 0 } });
  t.like(body[DEMO_7501], { dryRun: true, outcome: "done", wouldRemove: 5, kept: { recent: 5 } });
  t.deepEqual(await eventDns(testHost), before);
  t.is(before.length, 10);
  t.is(await status(testHost, DEMO_6002), "1");
  t.is(await status(testHost, DEMO_7501), "1");
  t.true(DEMO_OLD.map(demoEvent).every((dn) => before.includes(dn)));
});

test("dates are compared as instants in every spelling; the cutoff is exact; future events are kept", async (t) => {
  // Clock 2026-11-28T10:00:00Z, 30 days: events strictly before 2026-10-29T10:00:00Z are expired.
  const old = ["2026102110Z", "202610221030Z", "20261023080000.5Z", "20261029095959.999999Z", "20261029120000+0300"];
  const kept = ["2026102910Z", "20261029100000.000001Z", "20261127235959Z", "20270101000000Z", "2099123123Z"];
  const testHost = await host([mainTask("retention-30", "30"), subtask("retention-30-SubTask-1", "retention-30", "audit"), ...[...old, ...kept].map((at) => auditEvent({ at }))], { demoData: false });
  t.teardown(() => testHost.stop());
  const response = await testHost.request("PATCH", "/api/tasks/audit");
  t.like((response.body as Body)[subtaskDn("retention-30-SubTask-1")], {
    info: "5 audit records removed.",
    removed: 5,
    cutoff: "2026-10-29T10:00:00.000Z",
    kept: { recent: 3, future: 2, unparsable: 0 },
  });
  t.deepEqual(await eventDns(testHost), kept.map((at) => eventDn(at)).sort());
  t.is(await status(testHost, subtaskDn("retention-30-SubTask-1")), "2");
});

test("retention 0 keeps everything; an invalid or missing retention fails with a clear text; other types are not touched", async (t) => {
  const testHost = await host(
    [
      mainTask("forever", "0"),
      subtask("forever-SubTask-1", "forever", "Audit"),
      subtask("forever16-SubTask-1", "forever", "audit"),
      mainTask("typo", "3O"),
      subtask("typo-SubTask-1", "typo", "audit"),
      subtask("orphan-SubTask-1", "no-such-task", "audit"),
      mainTask("export", undefined),
      subtask("export-SubTask-1", "export", "auditSyslog"),
      auditEvent({ at: "20000101000000Z" }),
    ],
    { demoData: false },
  );
  t.teardown(() => testHost.stop());
  const body = (await testHost.request("PATCH", "/api/tasks/audit")).body as Body;
  // Nothing to do: the FD 1.5 subtask is deleted (FD 1.5 shows 3 as an error), the FD 1.6 one set to 3.
  t.like(body[subtaskDn("forever-SubTask-1")], { Removed: true, nothingToDo: "Retention is 0 days: audit events are kept forever" });
  t.like(body[subtaskDn("forever16-SubTask-1")], { statusUpdate: true, nothingToDo: "Retention is 0 days: audit events are kept forever" });
  t.like(body.summary, { eligible: 4, succeeded: 0, skipped: 2, failed: 2 });
  t.is(await testHost.ldap.read(subtaskDn("forever-SubTask-1")), null);
  t.is(await status(testHost, subtaskDn("forever16-SubTask-1")), "3");
  t.regex((await status(testHost, subtaskDn("typo-SubTask-1"))) ?? "", /^Invalid audit retention "3O": fdAuditTasksRetention must be a whole number of days/);
  t.regex((await status(testHost, subtaskDn("orphan-SubTask-1"))) ?? "", /^Main task cn=no-such-task,ou=tasks,dc=example,dc=org of this audit subtask does not exist/);
  t.is(await status(testHost, subtaskDn("export-SubTask-1")), "1");
  t.deepEqual(await eventDns(testHost), [eventDn("20000101000000Z")]);
});

test("thousands of events far above the page size are all removed, in bounded batches", async (t) => {
  const events = [...eventsFrom("2024-01-01T00:00:00Z", 2150), ...eventsFrom("2026-11-27T00:00:00Z", 40)];
  const testHost = await host([mainTask("bulk", "365"), subtask("bulk-SubTask-1", "bulk", "audit"), ...events], { demoData: false, config: { LDAP_PAGE_SIZE: "200" } });
  t.teardown(() => testHost.stop());
  const response = await testHost.request("PATCH", "/api/tasks/audit");
  t.is(response.status, 200);
  t.like((response.body as Body)[subtaskDn("bulk-SubTask-1")], { info: "2150 audit records removed.", removed: 2150, kept: { recent: 40 } });
  t.is((await eventDns(testHost)).length, 40);
  t.is(await status(testHost, subtaskDn("bulk-SubTask-1")), "2");
});

test("the audit branch comes from fdAuditRDN; events elsewhere are not touched", async (t) => {
  const journal = `ou=journal,${BASE}`;
  const testHost = await host(
    [
      `dn: ou=fusiondirectory,${BASE}\nobjectClass: organizationalUnit\nou: fusiondirectory\n`,
      `dn: cn=config,ou=fusiondirectory,${BASE}\nobjectClass: fusionDirectoryConf\nobjectClass: fdAuditPluginConf\ncn: config\nfdAuditRDN: ou=journal\n`,
      `dn: ${journal}\nobjectClass: organizationalUnit\nou: journal\n`,
      mainTask("journal", "10"),
      subtask("journal-SubTask-1", "journal", "audit"),
      auditEvent({ at: "20200101000000Z", branch: journal }),
      auditEvent({ at: "20200101000000Z" }),
    ],
    { demoData: false },
  );
  t.teardown(() => testHost.stop());
  const body = (await testHost.request("PATCH", "/api/tasks/audit")).body as Body;
  t.like(body[subtaskDn("journal-SubTask-1")], { removed: 1, auditBase: journal });
  t.is(await testHost.ldap.read(eventDn("20200101000000Z", undefined, journal)), null);
  t.not(await testHost.ldap.read(eventDn("20200101000000Z")), null);
});

test("an unknown audit type is a 400 and runs nothing", async (t) => {
  const testHost = await host([]);
  t.teardown(() => testHost.stop());
  for (const body of [{ type: "sylog" }, { type: 1 }, "syslog"]) {
    const response = await testHost.request("PATCH", "/api/tasks/audit", { body });
    t.is(response.status, 400, JSON.stringify(body));
    t.is((response.body as Body)["code"], "FDO_ERR_HTTP_BAD_REQUEST");
  }
  t.is(await status(testHost, DEMO_6002), "1");
  t.is((await eventDns(testHost)).length, 10);
});

const SYSLOG_ENTRIES = [
  mainTask("audit-export", undefined),
  subtask("audit-export-SubTask-1", "audit-export", "auditSyslog"),
  // Quotes, backslashes, brackets and a CR/LF line break that must not split the line or close the structured data.
  auditEvent({
    at: "20261127120000Z",
    id: 99,
    action: "modify",
    object: `uid=eve,ou=people,${BASE}`,
    result: 'Bad "quote" \\ ] [x@1 y="z"]\r\nInjected line',
    attributes: ['{"description":"a \\"b\\" ]"}'],
  }),
];

async function logLines(directory: string): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith(".log"));
  const lines = await Promise.all(files.map(async (name) => (await readFile(path.join(directory, name), "utf8")).split("\n").filter((text) => text !== "")));
  return lines.flat();
}

test("syslog export: RFC 5424 lines in time order, escaped, once; retention subtasks are left alone", async (t) => {
  const directory = path.join(await scratchDir(t, "fdo-audit-syslog"), "out");
  const testHost = await host(SYSLOG_ENTRIES, { config: { AUDIT_SYSLOG_DIR: directory, AUDIT_SYSLOG_FORMAT: "rfc5424" } });
  t.teardown(() => testHost.stop());
  const response = await testHost.request("PATCH", "/api/tasks/audit", { body: { type: "syslog" } });
  t.is(response.status, 200);
  // Upstream's file name: no fdAuditSyslogPrefix in FusionDirectory's configuration, so `fd_syslog`.
  const file = path.join(directory, "fd_syslog-2026-11-28.log");
  t.like((response.body as Body)[subtaskDn("audit-export-SubTask-1")], {
    dn: subtaskDn("audit-export-SubTask-1"),
    message: `Successfully transformed 11 audit entries to syslog format in ${file}`,
    exported: 11,
  });
  t.like((response.body as Body).summary, { eligible: 1, succeeded: 1 });
  t.deepEqual(await readdir(directory).then((names) => names.sort()), ["audit-syslog.state.json", "fd_syslog-2026-11-28.log"]);
  const lines = await logLines(directory);
  t.is(lines.length, 11);
  for (const text of lines) t.regex(text, /^<166>1 \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z \S+ FusionDirectory-Audit - \S+ \[fdAudit@38414 .*\] \S.*$/);
  const stamps = lines.map((text) => text.split(" ")[1] ?? "");
  t.deepEqual(stamps.slice(0, 3), ["2023-10-05T08:15:00Z", "2024-01-15T10:30:00.5Z", "2024-03-01T12:00:00Z"]);
  t.deepEqual(
    [...stamps].sort((a, b) => Date.parse(a) - Date.parse(b)),
    stamps,
  );
  const tricky = lines.find((text) => text.includes('id="99"')) ?? "";
  t.true(tricky.includes('result="Bad \\"quote\\" \\\\ \\] [x@1 y=\\"z\\"\\]  Injected line"'), tricky);
  t.true(tricky.includes('changes="{\\"description\\":\\"a \\\\\\"b\\\\\\" \\]\\"}"'), tricky);
  const removal = lines.find((text) => text.includes("uid=olduser")) ?? "";
  t.true(removal.includes('action="remove" objectType="plugin/user" object="uid=olduser,ou=people,dc=example,dc=org" result="Success" changes="uid" changes="cn"]'), removal);
  t.is(await status(testHost, subtaskDn("audit-export-SubTask-1")), "2");
  t.is(await status(testHost, DEMO_6002), "1");
  t.is((await eventDns(testHost)).length, 11);

  // A second run with a new subtask exports only what is new.
  await testHost.ldap.add(subtaskDn("audit-export-SubTask-2"), {
    objectClass: ["top", "fdTasksGranular"],
    cn: "audit-export-SubTask-2",
    fdTasksGranularMaster: `cn=audit-export,ou=tasks,${BASE}`,
    fdTasksGranularType: "auditSyslog",
    fdTasksGranularSchedule: "20261120080000Z",
    fdTasksGranularStatus: "1",
  });
  const second = await testHost.request("PATCH", "/api/tasks/audit", { body: { type: "syslog" } });
  t.like((second.body as Body)[subtaskDn("audit-export-SubTask-2")], { message: "No audit entries found to transform" });
  t.is(await status(testHost, subtaskDn("audit-export-SubTask-2")), "3");
  t.is((await logLines(directory)).length, 11);

  await testHost.ldap.add(eventDn("20261128093000Z"), {
    objectClass: "fdAuditEvent",
    fdAuditDateTime: "20261128093000Z",
    fdAuditAction: "create",
    fdAuditAuthorDN: `uid=admin,ou=people,${BASE}`,
    fdAuditObject: `uid=zoe,ou=people,${BASE}`,
    fdAuditObjectType: "plugin/user",
  });
  await testHost.ldap.modify(subtaskDn("audit-export-SubTask-2"), [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["1"] }]);
  const third = await testHost.request("PATCH", "/api/tasks/audit", { body: { type: "syslog" } });
  t.like((third.body as Body)[subtaskDn("audit-export-SubTask-2")], { exported: 1 });
  const after = await logLines(directory);
  t.is(after.length, 12);
  t.regex(after[11] ?? "", /^<166>1 2026-11-28T09:30:00Z .*uid=zoe/);
  const state = JSON.parse(await readFile(path.join(directory, "audit-syslog.state.json"), "utf8")) as Record<string, unknown>;
  t.like(state, { version: 1, lastDateTime: "20261128093000Z", lastDns: [eventDn("20261128093000Z").toLowerCase()] });
});

test("syslog export by default: upstream's line format in FusionDirectory's time zone, into <fdAuditSyslogPrefix>-<date>.log; a dry run writes nothing", async (t) => {
  const directory = await scratchDir(t, "fdo-audit-syslog");
  const testHost = await host(SYSLOG_ENTRIES, { config: { AUDIT_SYSLOG_DIR: directory } });
  t.teardown(() => testHost.stop());
  await testHost.ldap.modify(`cn=config,ou=fusiondirectory,${BASE}`, [{ operation: "replace", attribute: "fdAuditSyslogPrefix", values: ["fd_audit"] }]);
  const dry = await testHost.request("PATCH", "/api/tasks/audit?dryRun=true", { body: { type: "syslog" } });
  t.like((dry.body as Body)[subtaskDn("audit-export-SubTask-1")], { dryRun: true, outcome: "done", exported: 11 });
  t.deepEqual(await readdir(directory), []);
  t.is(await status(testHost, subtaskDn("audit-export-SubTask-1")), "1");

  await testHost.request("PATCH", "/api/tasks/audit", { body: { type: "syslog" } });
  t.deepEqual(
    (await readdir(directory)).filter((name) => name.endsWith(".log")),
    ["fd_audit-2026-11-28.log"],
  );
  const lines = await logLines(directory);
  t.is(lines.length, 11);
  // 2023-10-05T08:15:00Z is 10:15 in Europe/Paris (fdTimezone); no fdAuditId: the id is the event's time.
  t.is(
    lines[0],
    `<166>Oct  5 10:15:00 192.0.2.10 FusionDirectory-Audit: id="20231005081500Z" author="uid=admin,ou=people,${BASE}" action="create" objectType="plugin/user" object="uid=bob,ou=people,${BASE}" result="Success" changes="uid, cn, sn, givenName, mail"`,
  );
  const tricky = lines.find((text) => text.includes('id="99"')) ?? "";
  t.true(tricky.includes('result="Bad \\"quote\\" \\\\ ] [x@1 y=\\"z\\"]  Injected line"'), tricky);
});

test("a syslog directory the orchestrator may not write to fails the subtask with a clear text; the run answers 200", async (t) => {
  // sysfs refuses new directories even to root (EPERM); nothing is created. The default, /var/log/fusiondirectory,
  // is asserted on the resolved settings (test/audit-plugin/audit-executor.test.ts): tests never write to /var/log.
  const testHost = await host(SYSLOG_ENTRIES, { config: { AUDIT_SYSLOG_DIR: "/sys/fdo-audit-export" } });
  t.teardown(() => testHost.stop());
  const response = await testHost.request("PATCH", "/api/tasks/audit", { body: { type: "syslog" } });
  t.is(response.status, 200);
  t.like((response.body as Body).summary, { eligible: 1, failed: 1 });
  const why = "the audit syslog directory /sys/fdo-audit-export is not writable (EPERM): set AUDIT_SYSLOG_DIR to a directory the orchestrator may write to";
  t.like((response.body as Body)[subtaskDn("audit-export-SubTask-1")], { message: `Error transforming audit entries: ${why}`, Error: [why] });
  t.is(await status(testHost, subtaskDn("audit-export-SubTask-1")), why);
});

test("an empty audit log: FD 1.5 and FD 1.6 retention subtasks are done (2) with upstream's text, as both upstreams wrote", async (t) => {
  const testHost = await host([mainTask("keep", "30"), subtask("keep-SubTask-1", "keep", "Audit"), subtask("keep-SubTask-2", "keep", "audit")], { demoData: false });
  t.teardown(() => testHost.stop());
  const body = (await testHost.request("PATCH", "/api/tasks/audit")).body as Body;
  for (const cn of ["keep-SubTask-1", "keep-SubTask-2"]) {
    t.like(body[subtaskDn(cn)], { result: true, info: "No audit to be removed.", statusUpdate: true });
    t.is(await status(testHost, subtaskDn(cn)), "2");
  }
  t.like(body.summary, { eligible: 2, succeeded: 2, skipped: 0 });
});
