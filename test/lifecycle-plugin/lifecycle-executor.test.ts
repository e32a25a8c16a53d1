// The executor with fakes: REGEX mode and account closure (on slapd: test/lifecycle-closure.test.ts),
// compare-and-swap retries, FusionDirectory failures, dry runs, the FD time zone.

import {
  type Directory,
  type DirectoryChange,
  type ExecutionRecord,
  type FusionDirectoryClient,
  FusionDirectoryNotConfiguredError,
  type FusionDirectoryRequest,
  type FusionDirectoryResponse,
  LdapConflictError,
  LdapOperationError,
  LdapUnavailableError,
  type MainTask,
  type SubtaskContext,
  type TaskRun,
  type TaskStore,
} from "@fdo/sdk";
import test from "ava";
import { validateConfig } from "../../core/src/config/validate-config.js";
import { type LifecycleConfig, lifecycleConfig } from "../../plugins/lifecycle/src/config.js";
import { LifeCycleRun, lifeCycleTaskType } from "../../plugins/lifecycle/src/lifecycle-executor.js";
import { presentLifeCycle } from "../../plugins/lifecycle/src/reports.js";
import { type Attributes, boundTaskType, FakeRunner, fakeEntry, fakeSubtask, shown, silentLogger } from "../support/fakes.js";

/** What the host injects when orchestrator.conf sets none of the plugin's keys: the schema's defaults. */
const DEFAULT_CONFIG: LifecycleConfig = (() => {
  const validation = validateConfig(lifecycleConfig, {});
  if (!validation.ok) throw new Error(validation.problems.map((problem) => problem.message).join("; "));
  return validation.config;
})();

const BASE = "dc=example,dc=org";
const user = (uid: string) => `uid=${uid},ou=people,${BASE}`;
const MAIN = `cn=apps,ou=tasks,${BASE}`;
const REGEX_TASK: Attributes = {
  objectClass: ["top", "fdTasks", "fdTasksLifeCycle"],
  cn: "apps",
  fdTasksLifeCyclePreResource: "REGEX",
  fdTasksLifeCyclePreState: "A",
  fdTasksLifeCyclePostResource: "REGEX",
  fdTasksLifeCyclePostState: "I",
  fdTasksLifeCyclePostSubState: "SupannExpire",
  fdTasksLifeCyclePostEndDate: "15",
  fdTasksLifeCycleRegexPattern: "^APP-",
};

/** Users' supannRessourceEtatDate in memory; modify applies delete/add like slapd and can be made to fail. */
class FakeUsers {
  readonly modifies: Array<{ dn: string; changes: readonly DirectoryChange[] }> = [];
  readonly reads: string[] = [];
  /** The changes of the modify being made, for `beforeModify`. */
  modifying: readonly DirectoryChange[] = [];
  /** Called before each modify: may change the data (a concurrent writer) or throw. */
  beforeModify: (dn: string, attempt: number) => void = () => undefined;

  constructor(readonly values: Map<string, string[]>) {}

  asDirectory(): Directory {
    return {
      read: async (dn: string) => {
        this.reads.push(dn);
        const found = this.values.get(dn);
        return found === undefined ? null : fakeEntry(dn, { supannRessourceEtatDate: [...found] });
      },
      modify: async (dn: string, changes: readonly DirectoryChange[]) => {
        this.modifying = changes;
        this.beforeModify(dn, this.modifies.filter((modify) => modify.dn === dn).length + 1);
        this.modifies.push({ dn, changes });
        let current = [...(this.values.get(dn) ?? [])];
        for (const change of changes) {
          const values = change.values.map(String);
          if (change.operation === "delete") {
            if (values.some((value) => !current.includes(value))) throw new LdapConflictError("the expected value is gone (changed concurrently)");
            current = current.filter((value) => !values.includes(value));
          } else current.push(...values);
        }
        this.values.set(dn, current);
      },
    } as unknown as Directory;
  }
}

class FakeFd implements FusionDirectoryClient {
  readonly calls: FusionDirectoryRequest[] = [];
  constructor(private readonly answer: (request: FusionDirectoryRequest) => FusionDirectoryResponse = (request) => ({ status: 200, body: decodeURIComponent(request.path.split("/").pop() ?? "") })) {}
  async call(request: FusionDirectoryRequest): Promise<FusionDirectoryResponse> {
    this.calls.push(request);
    return this.answer(request);
  }
}

function tasks(mainTasks: Record<string, Attributes>, timeZone = "Europe/Paris"): TaskStore & { mainReads: string[] } {
  const mainReads: string[] = [];
  return {
    mainReads,
    readMainTask: async (dn: string): Promise<MainTask | null> => {
      mainReads.push(dn);
      const attributes = mainTasks[dn];
      return attributes === undefined ? null : { dn, cn: String(attributes["cn"] ?? ""), entry: fakeEntry(dn, attributes) };
    },
    timeZone: async () => timeZone,
  } as unknown as TaskStore & { mainReads: string[] };
}

const subtask = (n: number, uid: string | undefined, master = MAIN) =>
  fakeSubtask(`cn=apps-SubTask-${n},ou=tasks,${BASE}`, "lifeCycle", uid === undefined ? {} : { fdTasksGranularDN: uid.includes("=") ? uid : user(uid) }, master);

const run = (dryRun = false): TaskRun => ({ segment: "lifeCycle", granularTypes: ["Life Cycle", "lifeCycle"], dryRun, body: undefined, signal: new AbortController().signal, requestId: "test" });

function setup(options: { users: Record<string, string[]>; subtasks: ReturnType<typeof subtask>[]; mainTasks?: Record<string, Attributes>; fd?: FakeFd; timeZone?: string; config?: LifecycleConfig }) {
  const users = new FakeUsers(new Map(Object.entries(options.users).map(([uid, values]) => [user(uid), values])));
  const runner = new FakeRunner(options.subtasks, { present: presentLifeCycle });
  const store = tasks(options.mainTasks ?? { [MAIN]: REGEX_TASK }, options.timeZone);
  const fd = options.fd ?? new FakeFd();
  const executor = boundTaskType(
    lifeCycleTaskType,
    { runner, directory: users.asDirectory(), tasks: store, fusionDirectory: fd, logger: silentLogger, config: options.config ?? DEFAULT_CONFIG },
    runner,
  );
  return { users, runner, store, fd, executor };
}

test("REGEX mode (pre and post REGEX): each expired matching resource moves itself, then the user is refreshed", async (t) => {
  const { users, runner, fd, executor } = setup({
    users: { ann: ["{APP-wiki}A::20250101:20261001", "{APP-mail.prod_2}A:SupannActif:20250101:20261128", "{APP-sso}A::20250101:20271201", "{COMPTE}A:SupannActif:20240101:20261001"] },
    subtasks: [subtask(1, "ann")],
  });
  const result = await executor.run(run());
  t.is(runner.concurrency, 4);
  t.deepEqual([...(users.values.get(user("ann")) ?? [])].sort(), [
    "{APP-mail.prod_2}I:SupannExpire:20261128:20261213",
    "{APP-sso}A::20250101:20271201",
    "{APP-wiki}I:SupannExpire:20261001:20261016",
    "{COMPTE}A:SupannActif:20240101:20261001",
  ]);
  // One atomic compare-and-swap: the old values deleted, the new ones added.
  t.deepEqual(users.modifies, [
    {
      dn: user("ann"),
      changes: [
        { operation: "delete", attribute: "supannRessourceEtatDate", values: ["{APP-wiki}A::20250101:20261001", "{APP-mail.prod_2}A:SupannActif:20250101:20261128"] },
        { operation: "add", attribute: "supannRessourceEtatDate", values: ["{APP-wiki}I:SupannExpire:20261001:20261016", "{APP-mail.prod_2}I:SupannExpire:20261128:20261213"] },
      ],
    },
  ]);
  t.deepEqual(fd.calls, [{ method: "PATCH", path: "/objects/user/uid%3Dann%2Cou%3Dpeople%2Cdc%3Dexample%2Cdc%3Dorg", body: {} }]);
  t.deepEqual((result.body as Record<string, unknown>)[`cn=apps-SubTask-1,ou=tasks,${BASE}`], {
    results: `"Account states have been successfully modified for ${user("ann")}"`,
    refreshUser: `User: ${user("ann")} has been correctly refreshed.`,
    statusUpdate: "Success",
    changes: [
      { before: "{APP-wiki}A::20250101:20261001", after: "{APP-wiki}I:SupannExpire:20261001:20261016" },
      { before: "{APP-mail.prod_2}A:SupannActif:20250101:20261128", after: "{APP-mail.prod_2}I:SupannExpire:20261128:20261213" },
    ],
  });
});

test("account closure (FD 1.6): {COMPTE} locked today when no watched resource is active; otherwise done unchanged (newest upstream's 2), with its reasons", async (t) => {
  const closure: Attributes = { ...REGEX_TASK, fdTasksLifeCycleEnableAccountClosure: "TRUE" };
  const { users, runner, fd } = setup({
    users: {
      ann: ["{COMPTE}A:SupannActif:20240101:20271231", "{APP-wiki}I::20240101:", "{MAIL}A:SupannActif"],
      ben: ["{COMPTE}A:SupannActif:20240101:20271231", "{APP-wiki}A::20240101:"],
      cid: ["{APP-wiki}I::20240101:"],
    },
    subtasks: [subtask(1, "ann"), subtask(2, "ben"), subtask(3, "cid")],
    mainTasks: { [MAIN]: closure },
  });
  const executor = boundTaskType(
    lifeCycleTaskType,
    { runner, directory: users.asDirectory(), tasks: tasks({ [MAIN]: closure }), fusionDirectory: fd, logger: silentLogger, config: { concurrency: 2 } },
    runner,
  );
  await executor.run(run());
  t.is(runner.concurrency, 2);
  t.deepEqual(users.values.get(user("ann")), ["{APP-wiki}I::20240101:", "{MAIL}A:SupannActif", "{COMPTE}S:SupannVerrouAdministratif:20261128:"]);
  t.like(runner.outcome(`cn=apps-SubTask-1,ou=tasks,${BASE}`), { kind: "done" });
  t.deepEqual(runner.outcome(`cn=apps-SubTask-2,ou=tasks,${BASE}`), {
    kind: "done",
    report: { results: `Account closure not needed for ${user("ben")} - user has active resources ({APP-wiki}A::20240101:)`, statusUpdate: "Success" },
  });
  t.like(runner.outcome(`cn=apps-SubTask-3,ou=tasks,${BASE}`), { kind: "failed", error: "No ACCOUNT resource found to deactivate" });
  t.is(fd.calls.length, 1);
});

test("dates are in the FD time zone: at 10:00 UTC it is already the 29th in Kiritimati", async (t) => {
  const values = { ann: ["{APP-x}A::20250101:20261129"] };
  const paris = setup({ users: values, subtasks: [subtask(1, "ann")] });
  await paris.executor.run(run());
  t.like(paris.runner.outcomes[0]?.outcome, { kind: "nothing" });
  const kiritimati = setup({ users: values, subtasks: [subtask(1, "ann")], timeZone: "Pacific/Kiritimati" });
  await kiritimati.executor.run(run());
  t.deepEqual(kiritimati.users.values.get(user("ann")), ["{APP-x}I:SupannExpire:20261129:20261214"]);
});

test("a dry run reads and plans but writes nothing and calls no FusionDirectory", async (t) => {
  const { users, fd, executor } = setup({ users: { ann: ["{APP-wiki}A::20250101:20261001"] }, subtasks: [subtask(1, "ann")] });
  const result = await executor.run(run(true));
  t.deepEqual(users.modifies, []);
  t.deepEqual(fd.calls, []);
  t.deepEqual((result.body as Record<string, unknown>)[`cn=apps-SubTask-1,ou=tasks,${BASE}`], {
    dryRun: true,
    results: `Account states would be modified for ${user("ann")}`,
    changes: [{ before: "{APP-wiki}A::20250101:20261001", after: "{APP-wiki}I:SupannExpire:20261001:20261016" }],
    refreshUser: `User: ${user("ann")} would be refreshed.`,
  });
});

test("a concurrent change of the user is read again and decided anew; three lost races fail the subtask", async (t) => {
  const { users, runner, executor } = setup({ users: { ann: ["{APP-wiki}A::20250101:20261001"], ben: ["{APP-wiki}A::20250101:20261001"] }, subtasks: [subtask(1, "ann"), subtask(2, "ben")] });
  users.beforeModify = (dn, attempt) => {
    // FusionDirectory saves ann meanwhile (adds a resource); ben's value keeps changing under us.
    if (dn === user("ann") && attempt === 1) users.values.set(dn, ["{APP-wiki}A::20250101:20261002", "{APP-new}A::20261101:20271101"]);
    if (dn === user("ben")) users.values.set(dn, [`{APP-wiki}A::20250101:2026100${attempt + 1}`]);
  };
  await executor.run(run());
  t.deepEqual(users.values.get(user("ann")), ["{APP-new}A::20261101:20271101", "{APP-wiki}I:SupannExpire:20261002:20261017"]);
  t.like(runner.outcome(`cn=apps-SubTask-1,ou=tasks,${BASE}`), { kind: "done" });
  t.like(runner.outcome(`cn=apps-SubTask-2,ou=tasks,${BASE}`), { kind: "failed", error: "the expected value is gone (changed concurrently)" });
  t.is(users.reads.filter((dn) => dn === user("ben")).length, 3);
});

test("losing the directory aborts the run (the engine answers 503); other LDAP errors fail the subtask", async (t) => {
  const { users, store, fd } = setup({ users: { ann: ["{APP-wiki}A::20250101:20261001"] }, subtasks: [] });
  const context: SubtaskContext = { dryRun: false, now: new Date("2026-11-28T10:00:00Z"), signal: new AbortController().signal, markIrreversible: async () => undefined };
  const lifeCycle = new LifeCycleRun({ directory: users.asDirectory(), tasks: store, fusionDirectory: fd, logger: silentLogger }, "Europe/Paris");
  users.beforeModify = () => {
    throw new LdapUnavailableError("directory unavailable");
  };
  await t.throwsAsync(lifeCycle.process(subtask(1, "ann"), context), { message: "directory unavailable" });
  users.beforeModify = () => {
    throw new Error("Insufficient access: no write access to supannRessourceEtatDate");
  };
  t.deepEqual(shown(await lifeCycle.process(subtask(1, "ann"), context), { present: presentLifeCycle }, { segment: "lifeCycle", dryRun: false, key: subtask(1, "ann").dn }), {
    kind: "failed",
    error: "Insufficient access: no write access to supannRessourceEtatDate",
    report: {
      results: JSON.stringify(`Error updating ${user("ann")}-Insufficient access: no write access to supannRessourceEtatDate`),
      statusUpdate: "Failed",
      Error: ["Insufficient access: no write access to supannRessourceEtatDate"],
    },
  });
  t.deepEqual(fd.calls, []);
});

const ANN_BEFORE = "{APP-wiki}A::20250101:20261001";
const ANN_AFTER = "{APP-wiki}I:SupannExpire:20261001:20261016";
const ANN_SUBTASK = `cn=apps-SubTask-1,ou=tasks,${BASE}`;
const PENDING = `lifeCycleRefreshPending:${ANN_AFTER}`;

test("FusionDirectory refusing or not configured: the state moves, the subtask fails with the refresh pending, recorded on it", async (t) => {
  const refusing = setup({ users: { ann: [ANN_BEFORE] }, subtasks: [subtask(1, "ann")], fd: new FakeFd(() => ({ status: 500, body: { message: "Internal\nerror" } })) });
  await refusing.executor.run(run());
  const error = `State moved for ${user("ann")} (${ANN_BEFORE} -> ${ANN_AFTER}); FusionDirectory refresh pending (FusionDirectory answered HTTP 500: Internal error): restart this subtask (restartFailedTasks) to perform only the refresh`;
  t.deepEqual(refusing.runner.outcomes[0]?.outcome, {
    kind: "failed",
    error,
    report: {
      results: JSON.stringify(`Account states have been successfully modified for ${user("ann")}`),
      refreshUser: `User: ${user("ann")} could not be refreshed: FusionDirectory answered HTTP 500: Internal error`,
      statusUpdate: "Failed",
      changes: [{ before: ANN_BEFORE, after: ANN_AFTER }],
      Error: [error],
    },
  });
  t.deepEqual(refusing.users.values.get(user("ann")), [ANN_AFTER]);
  // The pending refresh is recorded on the subtask itself.
  t.deepEqual(refusing.users.modifies.at(-1), { dn: ANN_SUBTASK, changes: [{ operation: "add", attribute: "fdTasksGranularHelper", values: [PENDING] }] });

  const absent = setup({
    users: { ann: [ANN_BEFORE] },
    subtasks: [subtask(1, "ann")],
    fd: new FakeFd(() => {
      throw new FusionDirectoryNotConfiguredError();
    }),
  });
  await absent.executor.run(run());
  t.like(absent.runner.outcomes[0]?.outcome, { kind: "failed" });
  t.regex(
    (absent.runner.outcomes[0]?.outcome as { error?: string } | undefined)?.error ?? "",
    /FusionDirectory refresh pending \(FusionDirectory API is not configured \(set FUSIONDIRECTORY_WEBSERVICE_URL/,
  );
  t.deepEqual(absent.users.values.get(user("ann")), [ANN_AFTER]);
});

test("the pending refresh could not be recorded: the status says a restart will not help", async (t) => {
  const { users, runner, executor } = setup({ users: { ann: [ANN_BEFORE] }, subtasks: [subtask(1, "ann")], fd: new FakeFd(() => ({ status: 503, body: "down" })) });
  users.beforeModify = (dn) => {
    if (dn === ANN_SUBTASK) throw new Error("Insufficient access");
  };
  await executor.run(run());
  t.regex(
    (runner.outcomes[0]?.outcome as { error?: string } | undefined)?.error ?? "",
    /could not be recorded on the subtask \(Insufficient access\), so a restart finds nothing to do: save the user in FusionDirectory$/,
  );
  t.deepEqual(users.values.get(user("ann")), [ANN_AFTER]);
});

test("a restarted subtask whose move is done performs only the refresh: no second move, no date shift; the record is cleared", async (t) => {
  const restarted = () => fakeSubtask(ANN_SUBTASK, "lifeCycle", { fdTasksGranularDN: user("ann"), fdTasksGranularHelper: [PENDING] }, MAIN);
  const { users, runner, fd, executor } = setup({ users: { ann: [ANN_AFTER, "{APP-new}A::20261101:20271101"] }, subtasks: [restarted()] });
  await executor.run(run());
  t.deepEqual(runner.outcomes[0]?.outcome, {
    kind: "done",
    report: {
      results: JSON.stringify(`Account states had already been modified for ${user("ann")}; only the pending refresh was done`),
      refreshUser: `User: ${user("ann")} has been correctly refreshed.`,
      statusUpdate: "Success",
      changes: [],
    },
  });
  t.deepEqual(
    fd.calls.map((call) => [call.method, call.path, call.body]),
    [["PATCH", `/objects/user/${encodeURIComponent(user("ann"))}`, {}]],
  );
  // Only the record is written: the user is not touched again.
  t.deepEqual(users.modifies, [{ dn: ANN_SUBTASK, changes: [{ operation: "delete", attribute: "fdTasksGranularHelper", values: [PENDING] }] }]);
  t.deepEqual(users.values.get(user("ann")), [ANN_AFTER, "{APP-new}A::20261101:20271101"]);

  // Still down: failed again, still pending; a dry run says it would only refresh.
  const down = setup({ users: { ann: [ANN_AFTER] }, subtasks: [restarted()], fd: new FakeFd(() => ({ status: 502, body: "" })) });
  await down.executor.run(run());
  const stillPending = `State moved earlier for ${user("ann")} (${ANN_AFTER}); FusionDirectory refresh pending (FusionDirectory answered HTTP 502): restart this subtask (restartFailedTasks) to perform only the refresh`;
  t.deepEqual(down.runner.outcomes[0]?.outcome, {
    kind: "failed",
    error: stillPending,
    report: {
      results: JSON.stringify(`Account states had already been modified for ${user("ann")}`),
      refreshUser: `User: ${user("ann")} could not be refreshed: FusionDirectory answered HTTP 502`,
      statusUpdate: "Failed",
      changes: [],
      Error: [stillPending],
    },
  });
  t.deepEqual(down.users.modifies, []);
  const dry = setup({ users: { ann: [ANN_AFTER] }, subtasks: [restarted()] });
  await dry.executor.run(run(true));
  t.like(dry.runner.outcomes[0]?.outcome, { kind: "done", report: { dryRun: true, values: [ANN_AFTER], refreshUser: `User: ${user("ann")} would be refreshed.` } });
  t.deepEqual(dry.fd.calls, []);
  t.deepEqual(dry.users.modifies, []);

  // The user changed since (its state was set back): the record no longer describes it, the rule decides anew.
  const changed = setup({ users: { ann: [ANN_BEFORE] }, subtasks: [restarted()] });
  await changed.executor.run(run());
  t.deepEqual(changed.users.values.get(user("ann")), [ANN_AFTER]);
  t.like(changed.runner.outcomes[0]?.outcome, { kind: "done", report: { changes: [{ before: ANN_BEFORE, after: ANN_AFTER }] } });
});

test("each main task is read once per run; subtask and task problems fail only their subtasks", async (t) => {
  const broken = `cn=broken,ou=tasks,${BASE}`;
  const { runner, store, users, executor } = setup({
    users: { ann: ["{APP-wiki}A::20250101:20261001"], ben: ["{APP-wiki}A::20250101:20261001"] },
    subtasks: [subtask(1, "ann"), subtask(2, "ben"), subtask(3, undefined), subtask(5, "ann", `cn=gone,ou=tasks,${BASE}`), subtask(6, "ann", broken), subtask(7, "ann", broken), subtask(8, "zed")],
    mainTasks: { [MAIN]: REGEX_TASK, [broken]: { ...REGEX_TASK, fdTasksLifeCycleRegexPattern: "(x+x+)+y" } },
  });
  // The catastrophic pattern is refused before it runs (outcomes 6 and 7 below), so no clock is needed to prove it.
  await executor.run(run());
  const outcome = (n: number) => runner.outcome(`cn=apps-SubTask-${n},ou=tasks,${BASE}`);
  t.like(outcome(1), { kind: "done" });
  t.like(outcome(2), { kind: "done" });
  t.like(outcome(3), { kind: "failed", error: "No user: fdTasksGranularDN is empty" });
  t.like(outcome(5), { kind: "failed", error: `Main task not found: cn=gone,ou=tasks,${BASE}` });
  const refused = `Life Cycle task ${broken}: fdTasksLifeCycleRegexPattern "(x+x+)+y" is refused: a repeated group contains a quantifier (nested quantifiers such as (a+)+ can take exponential time)`;
  t.like(outcome(6), { kind: "failed", error: refused });
  t.like(outcome(7), { kind: "failed", error: refused });
  t.like(outcome(8), { kind: "failed", error: `User not found: ${user("zed")}` });
  t.deepEqual([...store.mainReads].sort(), [MAIN, broken, `cn=gone,ou=tasks,${BASE}`].sort());
  t.deepEqual(users.values.get(user("ann")), ["{APP-wiki}I:SupannExpire:20261001:20261016"]);
});

test("a value that is not a DN in fdTasksGranularDN fails with it quoted", async (t) => {
  const { runner, executor } = setup({ users: {}, subtasks: [fakeSubtask(`cn=x,ou=tasks,${BASE}`, "lifeCycle", { fdTasksGranularDN: "bob@example.org" }, MAIN)] });
  await executor.run(run());
  t.like(runner.outcomes[0]?.outcome, { kind: "failed", error: 'fdTasksGranularDN "bob@example.org" is not a DN' });
});

/** An execution record as the host offers it on FD 1.6 directories, recording which users it was told were written. */
function fakeRecord(): { record: ExecutionRecord; written: string[] } {
  const written: string[] = [];
  const record: ExecutionRecord = {
    attributes: ["objectClass", "fdTasksExecutedDNs"],
    changes: () => [{ operation: "add", attribute: "fdTasksExecutedDNs", values: [MAIN] }],
    written: (entry) => {
      written.push(entry.dn);
    },
  };
  return { record, written };
}

test("the FD 1.6 execution record rides in the states' modify; once written, the host is told so", async (t) => {
  const { users, runner, executor } = setup({ users: { ann: ["{APP-wiki}A::20250101:20261001"] }, subtasks: [subtask(1, "ann")] });
  const { record, written } = fakeRecord();
  runner.executionRecord = () => record;
  await executor.run(run());
  t.is(users.modifies.length, 1);
  t.deepEqual(
    users.modifies[0]?.changes.map((change) => change.attribute),
    ["supannRessourceEtatDate", "supannRessourceEtatDate", "fdTasksExecutedDNs"],
  );
  t.deepEqual(written, [user("ann")]);
  t.like(runner.outcome(`cn=apps-SubTask-1,ou=tasks,${BASE}`), { kind: "done", executedFor: [user("ann")] });
});

test("a record the directory refuses (no right to write it) does not stop the states: written without it, the host tags as usual", async (t) => {
  const { users, runner, executor } = setup({ users: { ann: ["{APP-wiki}A::20250101:20261001"] }, subtasks: [subtask(1, "ann")] });
  const { record, written } = fakeRecord();
  runner.executionRecord = () => record;
  // The service account may write the states but not the record.
  users.beforeModify = () => {
    if (users.modifying.some((change) => change.attribute === "fdTasksExecutedDNs")) throw new LdapOperationError("LDAP modify failed: Insufficient access (50)", { details: { resultCode: 50 } });
  };
  await executor.run(run());
  t.deepEqual(users.values.get(user("ann")), ["{APP-wiki}I:SupannExpire:20261001:20261016"]);
  t.is(users.modifies.length, 1, "the second modify, without the record");
  t.false(users.modifies[0]?.changes.some((change) => change.attribute === "fdTasksExecutedDNs"));
  t.deepEqual(written, [], "not written: the host records the user itself");
  t.like(runner.outcome(`cn=apps-SubTask-1,ou=tasks,${BASE}`), { kind: "done", executedFor: [user("ann")] });
});
