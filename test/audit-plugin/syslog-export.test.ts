import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { presentAudit } from "../../plugins/audit/src/audit-executor.js";
import { LOCK_FILE, STATE_FILE } from "../../plugins/audit/src/export-state.js";
import { logFileName, SyslogExport, type SyslogSettings } from "../../plugins/audit/src/syslog-export.js";
import type { SyslogPrefix } from "../../plugins/audit/src/syslog-prefix.js";
import { AUDIT_BASE, auditEntry, context, FakeAuditDirectory } from "../support/audit-fakes.js";
import { fakeSubtask, shown } from "../support/fakes.js";
import { scratchDir } from "../support/scratch-dir.js";

const SUBTASK = fakeSubtask("cn=export-SubTask-1,ou=tasks,dc=example,dc=org", "auditSyslog", {});

/** One export of SUBTASK, its outcome as the audit task type shows it. */
async function exportOnce(exporter: SyslogExport, options: Parameters<typeof context>[0], timeZone: string, prefix: SyslogPrefix = { ok: true, prefix: "audit" }) {
  return shown(await exporter.process(context(options), AUDIT_BASE, timeZone, prefix), { present: presentAudit }, { segment: "audit", dryRun: options?.dryRun ?? false, key: SUBTASK.dn });
}
// Stored out of time order; two events share one instant.
const TIMES = ["20261126091500Z", "2024030112Z", "20261125143000.25Z", "20231005081500Z", "20240115103000.5Z"];

async function setup(t: ExecutionContext, settings: Partial<SyslogSettings> = {}, entries = TIMES.map((at) => auditEntry(at))) {
  const folder = path.join(await scratchDir(t, "fdo-audit-export"), "syslog");
  const directory = new FakeAuditDirectory(entries);
  const exporter = new SyslogExport(directory, { directory: folder, format: "rfc5424", hostname: "orchestrator", batchSize: 2, pageSize: undefined, ...settings });
  const run = (options: Parameters<typeof context>[0] = {}) => exportOnce(exporter, options, "Europe/Paris");
  const lines = async (): Promise<string[]> => (await readFile(path.join(folder, "audit-2026-11-28.log"), "utf8")).split("\n").filter((line) => line !== "");
  return { folder, directory, run, lines };
}

const stamp = (line: string): string => line.split(" ")[1] ?? "";

test("exports every event oldest first, in rounds of the batch size, and records the last one", async (t) => {
  const { folder, directory, run, lines } = await setup(t);
  const outcome = await run();
  t.is(outcome.kind, "done");
  const file = path.join(folder, "audit-2026-11-28.log");
  t.deepEqual(outcome.report, {
    dn: SUBTASK.dn,
    message: `Successfully transformed 5 audit entries to syslog format in ${file}`,
    exported: 5,
    file,
    format: "rfc5424",
  });
  t.deepEqual((await lines()).map(stamp), ["2023-10-05T08:15:00Z", "2024-01-15T10:30:00.5Z", "2024-03-01T12:00:00Z", "2026-11-25T14:30:00.25Z", "2026-11-26T09:15:00Z"]);
  // Three rounds of at most 2; after the first, the server is asked for the cursor's second and later only.
  t.is(directory.searches.length, 3);
  t.is(directory.searches[1]?.filter, "(&(objectClass=fdAuditEvent)(!(fdAuditDateTime<=20240115102959Z)))");
  const state = JSON.parse(await readFile(path.join(folder, STATE_FILE), "utf8")) as Record<string, unknown>;
  t.like(state, { version: 1, lastKey: "20261126091500000000000", lastDateTime: "20261126091500Z", lastDns: [`fdauditdatetime=20261126091500z,${AUDIT_BASE}`] });
  t.false((await readdir(folder)).includes(LOCK_FILE));
});

test("a second run exports nothing; a later event, or one written later at the same instant, is exported once", async (t) => {
  const { directory, run, lines } = await setup(t);
  await run();
  t.like(await run(), { kind: "nothing", reason: "No audit entries found to transform" });
  t.is((await lines()).length, 5);
  const sameInstant = auditEntry("20261126091500Z", { fdAuditId: "771299" }, `fdAuditDateTime=20261126091500Z+fdAuditId=771299,${AUDIT_BASE}`);
  const later = auditEntry("2026112800Z");
  for (const entry of [sameInstant, later]) directory.entries.set(entry.dn.toLowerCase(), entry);
  const third = await run();
  t.like(third.report, { exported: 2 });
  const all = await lines();
  t.is(all.length, 7);
  t.true(all[5]?.includes('id="771299"'));
  t.is(stamp(all[6] ?? ""), "2026-11-28T00:00:00Z");
  t.like(await run(), { kind: "nothing" });
});

test("a dry run counts and writes nothing, not even the directory", async (t) => {
  const { folder, run } = await setup(t);
  const outcome = await run({ dryRun: true });
  t.like(outcome, { kind: "done" });
  t.like(outcome.report, { exported: 5, message: `5 audit entries would be transformed to syslog format in ${path.join(folder, "audit-2026-11-28.log")}` });
  await t.throwsAsync(readdir(folder), { code: "ENOENT" });
});

test("a refused prefix fails the subtask before anything is read or written", async (t) => {
  const { directory, folder } = await setup(t);
  const exporter = new SyslogExport(directory, { directory: folder, format: "upstream", hostname: "h", batchSize: 10, pageSize: undefined });
  const outcome = await exportOnce(exporter, {}, "UTC", { ok: false, error: 'fdAuditSyslogPrefix "../x" is not a plain file name' });
  t.like(outcome, { kind: "failed", error: 'fdAuditSyslogPrefix "../x" is not a plain file name' });
  t.like(outcome.report, { dn: SUBTASK.dn, message: 'Error transforming audit entries: fdAuditSyslogPrefix "../x" is not a plain file name' });
  t.is(directory.searches.length, 0);
  await t.throwsAsync(readdir(folder), { code: "ENOENT" });
});

test("a directory the orchestrator may not write to fails each subtask with a clear text naming it", async (t) => {
  const { directory } = await setup(t);
  // sysfs refuses new directories even to root (EPERM), so this holds whoever runs the tests; nothing is created.
  const exporter = new SyslogExport(directory, { directory: "/sys/fdo-audit-export", format: "upstream", hostname: "h", batchSize: 10, pageSize: undefined });
  const outcome = await exportOnce(exporter, {}, "UTC");
  t.like(outcome, {
    kind: "failed",
    error: "the audit syslog directory /sys/fdo-audit-export is not writable (EPERM): set AUDIT_SYSLOG_DIR to a directory the orchestrator may write to",
  });
});

test("upstream's file name: <prefix>-<date of the run in FusionDirectory's zone>.log", (t) => {
  t.is(logFileName("fd_syslog", new Date("2026-11-28T23:30:00Z"), "UTC"), "fd_syslog-2026-11-28.log");
  t.is(logFileName("fd_syslog", new Date("2026-11-28T23:30:00Z"), "Europe/Paris"), "fd_syslog-2026-11-29.log");
});

test("a damaged state file fails the subtask instead of exporting everything again", async (t) => {
  const { folder, run } = await setup(t);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, STATE_FILE), "{not json");
  const outcome = await run();
  t.is(outcome.kind, "failed");
  if (outcome.kind === "failed") t.regex(outcome.error, /audit-syslog\.state\.json is damaged; fix or delete it/);
  t.false((await readdir(folder)).some((name) => name.endsWith(".log")));
});

test("after the switch from the PHP orchestrator, the export goes on after its <prefix>-last-processed.txt, once", async (t) => {
  const { folder, run, lines } = await setup(t);
  await mkdir(folder, { recursive: true });
  // The PHP orchestrator exported up to 2024-03-01 12:00 (spelt in full; the event is spelt 2024030112Z).
  await writeFile(path.join(folder, "audit-last-processed.txt"), "20240301120000Z");
  t.like((await run()).report, { exported: 2 });
  t.deepEqual((await lines()).map(stamp), ["2026-11-25T14:30:00.25Z", "2026-11-26T09:15:00Z"]);
  // From then on this plugin's own state decides: the PHP file is not read again.
  await writeFile(path.join(folder, "audit-last-processed.txt"), "20000101000000Z");
  t.like(await run(), { kind: "nothing" });
  t.is((await lines()).length, 2);
});

test("a PHP state file that holds no time fails the subtask instead of exporting everything again", async (t) => {
  const { folder, run } = await setup(t);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "audit-last-processed.txt"), "yesterday\n");
  const outcome = await run();
  t.is(outcome.kind, "failed");
  if (outcome.kind === "failed") t.regex(outcome.error, /audit-last-processed\.txt holds "yesterday", not a GeneralizedTime; fix or delete it/);
  t.false((await readdir(folder)).some((name) => name.endsWith(".log")));
});

test("a live lock held by another process leaves the subtask due; a stale one is taken over", async (t) => {
  const { folder, run, lines } = await setup(t);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, LOCK_FILE), "12345 2026-11-28T09:59:00Z\n");
  t.like(await run(), { kind: "skipped", reason: `another syslog export is writing to ${folder}` });
  const old = new Date(Date.now() - 60 * 60_000);
  await utimes(path.join(folder, LOCK_FILE), old, old);
  t.like(await run(), { kind: "done" });
  t.is((await lines()).length, 5);
});

test("concurrent exports in one process run one after the other and never duplicate", async (t) => {
  const { run, lines } = await setup(t);
  const outcomes = await Promise.all([run(), run(), run()]);
  t.deepEqual(
    outcomes.map((outcome) => outcome.kind),
    ["done", "nothing", "nothing"],
  );
  t.is((await lines()).length, 5);
});

test("events with an unparsable time are reported and never exported", async (t) => {
  const { run, lines } = await setup(t, {}, [auditEntry("20231005081500Z"), auditEntry("garbage")]);
  const outcome = await run();
  t.like(outcome.report, { exported: 1, skippedUnparsable: 1, unparsable: [`fdAuditDateTime=garbage,${AUDIT_BASE} (fdAuditDateTime "garbage")`] });
  t.is((await lines()).length, 1);
});

test("the upstream format is selectable; a write failure fails the subtask with upstream's message", async (t) => {
  const { run, lines } = await setup(t, { format: "upstream" });
  await run();
  t.regex((await lines())[0] ?? "", /^<166>Oct {2}5 10:15:00 \S+ FusionDirectory-Audit: id="20231005081500Z" /);

  const parent = await scratchDir(t, "fdo-audit-export");
  const blocked = path.join(parent, "file");
  await writeFile(blocked, "not a directory");
  const exporter = new SyslogExport(new FakeAuditDirectory([auditEntry("20231005081500Z")]), { directory: blocked, format: "rfc5424", hostname: "h", batchSize: 10, pageSize: undefined });
  const outcome = await exportOnce(exporter, {}, "UTC");
  t.is(outcome.kind, "failed");
  t.like(outcome.report, { dn: SUBTASK.dn });
  t.regex(String((outcome.report as Record<string, unknown>)["message"]), /^Error transforming audit entries: /);
});
