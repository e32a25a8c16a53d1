import { LdapNoSuchObjectError, LdapUnavailableError } from "@fdo/sdk";
import test from "ava";
import { presentAudit } from "../../plugins/audit/src/audit-executor.js";
import { DEFAULT_RETENTION_SETTINGS, AuditRetention as RetentionJob, type RetentionSettings } from "../../plugins/audit/src/retention.js";
import { AUDIT_BASE, auditEntry, context, FakeAuditDirectory, FakeTaskStore } from "../support/audit-fakes.js";
import { fakeSubtask, shown } from "../support/fakes.js";

/** The retention job, its outcomes as the audit task type shows them. */
class AuditRetention {
  readonly #job: RetentionJob;
  constructor(...args: ConstructorParameters<typeof RetentionJob>) {
    this.#job = new RetentionJob(...args);
  }

  async process(...args: Parameters<RetentionJob["process"]>) {
    const [subtask, runContext] = args;
    return shown(await this.#job.process(...args), { present: presentAudit }, { segment: "audit", dryRun: runContext.dryRun, key: subtask.dn });
  }
}

const MAIN = "cn=retention,ou=tasks,dc=example,dc=org";
const SUBTASK = fakeSubtask("cn=retention-SubTask-1,ou=tasks,dc=example,dc=org", "audit", {}, MAIN);
// Clock 2026-11-28T10:00:00Z, 30 days: cutoff 2026-10-29T10:00:00Z.
const EXPIRED = ["20240101000000Z", "2025010112Z", "202506011230Z", "20260101000000.5Z", "20261001000000Z", "20261029095959.999999Z", "20261029120000+0300"];
const RECENT = ["2026102910Z", "20261127000000Z"];
const FUTURE = ["20270101000000Z"];

function setup(retention: string | null = "30", settings: Partial<RetentionSettings> = {}, extra: string[] = []) {
  const directory = new FakeAuditDirectory([...EXPIRED, ...RECENT, ...FUTURE, ...extra].map((at) => auditEntry(at)));
  const tasks = new FakeTaskStore({ [MAIN]: retention === null ? {} : { fdAuditTasksRetention: retention } });
  const retentionJob = new AuditRetention(directory, tasks, { ...DEFAULT_RETENTION_SETTINGS, ...settings });
  return { directory, retention: retentionJob };
}

const dnOf = (at: string): string => `fdAuditDateTime=${at},${AUDIT_BASE}`;

test("expired events are deleted in bounded batches while the search streams; recent, future and unparsable stay", async (t) => {
  const { directory, retention } = setup("30", { batchSize: 3, deleteConcurrency: 2 }, ["garbage"]);
  const outcome = await retention.process(SUBTASK, context(), AUDIT_BASE);
  t.is(outcome.kind, "done");
  t.deepEqual(outcome.report, {
    result: true,
    info: "7 audit records removed.",
    statusUpdate: true,
    retentionDays: 30,
    cutoff: "2026-10-29T10:00:00.000Z",
    auditBase: AUDIT_BASE,
    removed: 7,
    kept: { recent: 2, future: 1, unparsable: 1 },
    unparsable: [`${dnOf("garbage")} (fdAuditDateTime "garbage")`],
  });
  t.deepEqual(directory.remaining(), [...RECENT, ...FUTURE, "garbage"].map(dnOf).sort());
  t.true(directory.maxInFlight <= 2);
  // The first batch is deleted before the stream reaches its last event: memory is bounded by the batch.
  const firstDelete = directory.journal.findIndex((step) => step.startsWith("delete "));
  const lastYield = directory.journal.map((step) => step.startsWith("yield ")).lastIndexOf(true);
  t.true(firstDelete !== -1 && firstDelete < lastYield);
  // Only fdAuditDateTime is read.
  t.deepEqual(directory.searches[0]?.attributes, ["fdAuditDateTime"]);
  t.is(directory.searches[0]?.filter, "(objectClass=fdAuditEvent)");
});

test("a dry run deletes nothing and says how many would go", async (t) => {
  const { directory, retention } = setup();
  const outcome = await retention.process(SUBTASK, context({ dryRun: true }), AUDIT_BASE);
  t.is(outcome.kind, "done");
  t.like(outcome.report, { info: "7 audit records would be removed.", wouldRemove: 7, statusUpdate: false, kept: { recent: 2, future: 1, unparsable: 0 } });
  t.false(directory.journal.some((step) => step.startsWith("delete ")));
});

test("nothing expired is 'nothing to do' with upstream's text", async (t) => {
  const directory = new FakeAuditDirectory(RECENT.map((at) => auditEntry(at)));
  const retention = new AuditRetention(directory, new FakeTaskStore({ [MAIN]: { fdAuditTasksRetention: "30" } }));
  const outcome = await retention.process(SUBTASK, context(), AUDIT_BASE);
  t.like(outcome, { kind: "nothing", reason: "No audit requiring removal" });
  t.like(outcome.report, { info: "No audit requiring removal", removed: 0, kept: { recent: 2 } });
});

test("a missing audit branch holds no events: done, as upstream wrote 2 for an empty audit log", async (t) => {
  const directory = new FakeAuditDirectory([], []);
  const retention = new AuditRetention(directory, new FakeTaskStore({ [MAIN]: { fdAuditTasksRetention: "30" } }));
  t.like(await retention.process(SUBTASK, context(), AUDIT_BASE), { kind: "done", report: { result: true, info: "No audit to be removed.", statusUpdate: true, removed: 0 } });
});

test("retention 0 keeps everything without searching", async (t) => {
  const { directory, retention } = setup("0");
  t.like(await retention.process(SUBTASK, context(), AUDIT_BASE), { kind: "nothing", reason: "Retention is 0 days: audit events are kept forever" });
  t.is(directory.searches.length, 0);
});

test("an invalid retention or a missing main task fails the subtask and deletes nothing", async (t) => {
  for (const raw of ["thirty", null, "-5"]) {
    const { directory, retention } = setup(raw);
    const outcome = await retention.process(SUBTASK, context(), AUDIT_BASE);
    t.is(outcome.kind, "failed", String(raw));
    if (outcome.kind === "failed") t.regex(outcome.error, /^Invalid audit retention/);
    t.is(directory.searches.length, 0);
  }
  const { retention } = setup();
  const orphan = fakeSubtask("cn=orphan,ou=tasks,dc=example,dc=org", "audit", {}, "cn=gone,ou=tasks,dc=example,dc=org");
  t.like(await retention.process(orphan, context(), AUDIT_BASE), { kind: "failed", error: "Main task cn=gone,ou=tasks,dc=example,dc=org of this audit subtask does not exist" });
});

test("events removed by someone else meanwhile are not failures; refused deletes fail the subtask with the first error", async (t) => {
  const { directory, retention } = setup("30", { batchSize: 2 });
  directory.failures.set(dnOf("2025010112Z").toLowerCase(), new Error("Insufficient access"));
  directory.failures.set(dnOf("20240101000000Z").toLowerCase(), new LdapNoSuchObjectError("gone"));
  const outcome = await retention.process(SUBTASK, context(), AUDIT_BASE);
  t.is(outcome.kind, "failed");
  if (outcome.kind !== "failed") return;
  t.is(outcome.error, `1 of 7 audit records expired could not be removed (5 audit records removed); first error: ${dnOf("2025010112Z")}: Insufficient access`);
  t.like(outcome.report, { statusUpdate: true, removed: 5, alreadyRemoved: 1, Error: [outcome.error] });
});

test("a lost directory aborts the run instead of failing the subtask", async (t) => {
  const { directory, retention } = setup();
  directory.failures.set(dnOf("2025010112Z").toLowerCase(), new LdapUnavailableError("down"));
  const error = await t.throwsAsync(retention.process(SUBTASK, context(), AUDIT_BASE));
  t.is((error as { code?: string }).code, LdapUnavailableError.code);
});

test("expired events still present after the passes fail the subtask: it is done only when nothing is left", async (t) => {
  const { directory, retention } = setup("30", { maxPasses: 2 });
  directory.undeletable.add(dnOf("20240101000000Z").toLowerCase());
  const outcome = await retention.process(SUBTASK, context(), AUDIT_BASE);
  t.like(outcome, { kind: "failed", error: "expired audit records are still present after 2 passes (8 audit records removed)" });
});

test("an aborted run leaves the subtask due", async (t) => {
  const { retention } = setup();
  const controller = new AbortController();
  controller.abort();
  t.like(await retention.process(SUBTASK, context({ signal: controller.signal }), AUDIT_BASE), { kind: "skipped" });
});
