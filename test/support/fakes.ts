// Test doubles for plugin unit tests: directory entries, subtasks and the engine services.
import type {
  Directory,
  DirectoryEntry,
  ForEachDueOptions,
  Logger,
  MailMessage,
  RunSummary,
  Subtask,
  SubtaskContext,
  SubtaskGroupHandler,
  SubtaskHandler,
  SubtaskOutcome,
  TaskPresenter,
  TaskRun,
  TaskRunReport,
  TaskRunner,
  TaskTypeDefinition,
} from "@fdo/sdk";
import { runBody } from "../../core/src/http/presenters/run-body.js";
import { HostOutbox } from "../../core/src/mail/host-outbox.js";
import type { MailAllowance } from "../../core/src/mail/mail-budget.js";
import type { MailReceipt } from "../../core/src/mail/mailer.js";

export type Attributes = Readonly<Record<string, string | Buffer | ReadonlyArray<string | Buffer>>>;

export function fakeEntry(dn: string, attributes: Attributes): DirectoryEntry {
  const lower = new Map<string, ReadonlyArray<string | Buffer>>();
  for (const [name, value] of Object.entries(attributes)) lower.set(name.toLowerCase(), Array.isArray(value) ? value : [value as string | Buffer]);
  const raw = (name: string) => lower.get(name.toLowerCase()) ?? [];
  return {
    dn,
    attributeNames: Object.keys(attributes),
    values: (name) => raw(name).map((value) => (typeof value === "string" ? value : value.toString("utf8"))),
    first: (name) => {
      const value = raw(name)[0];
      return value === undefined ? undefined : typeof value === "string" ? value : value.toString("utf8");
    },
    buffers: (name) => raw(name).map((value) => (typeof value === "string" ? Buffer.from(value, "utf8") : value)),
    has: (name) => raw(name).length > 0,
  };
}

export function fakeSubtask(dn: string, type: string, attributes: Attributes, masterDn = "cn=main,ou=tasks,dc=example,dc=org"): Subtask {
  return {
    dn,
    cn: dn.slice(3, dn.indexOf(",")),
    type,
    masterDn,
    status: "1",
    schedule: new Date("2026-11-01T08:00:00Z"),
    entry: fakeEntry(dn, { objectClass: ["top", "fdTasksGranular"], fdTasksGranularType: type, fdTasksGranularMaster: masterDn, ...attributes }),
  };
}

export function fakeRun(dryRun = false): TaskRun {
  return { segment: "mail", granularTypes: ["Mail Object", "mail"], dryRun, body: undefined, signal: new AbortController().signal, requestId: "test" };
}

/**
 * An outcome as the tests check it: without its typed detail, and with `report`, the JSON the task type's presenter
 * makes of that detail (only when there is one, as the host does).
 */
export type ShownOutcome = SubtaskOutcome extends infer O ? (O extends unknown ? Omit<O, "detail"> & { readonly report?: unknown } : never) : never;

export interface RecordedOutcome {
  readonly dn: string;
  readonly outcome: ShownOutcome;
}

/** How a {@link FakeRunner} shows outcomes: the task type's presenter and the host setting it reads. */
export interface Presentation {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any task type's presenter
  readonly present?: TaskPresenter<any, unknown>;
  readonly nothingToDo?: "status" | "delete";
}

function summaryOf(outcomes: ReadonlyMap<string, SubtaskOutcome<unknown>>): RunSummary {
  const count = (kind: SubtaskOutcome["kind"]) => [...outcomes.values()].filter((outcome) => outcome.kind === kind).length;
  return { eligible: outcomes.size, processed: outcomes.size, succeeded: count("done"), skipped: count("skipped") + count("nothing"), failed: count("failed"), durationMs: 0 };
}

/** A TaskRunner that hands the given subtasks to the handler, in order, and records the outcomes as shown. */
export class FakeRunner implements TaskRunner {
  readonly outcomes: RecordedOutcome[] = [];
  irreversible: string[] = [];
  concurrency: number | undefined;
  constructor(
    private readonly subtasks: readonly Subtask[],
    private readonly presentation: Presentation = {},
  ) {}

  async forEachDue<D>(run: TaskRun, handler: SubtaskHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>> {
    this.concurrency = options?.concurrency;
    const results = new Map<string, SubtaskOutcome<D>>();
    for (const subtask of this.subtasks) {
      const context: SubtaskContext = {
        dryRun: run.dryRun,
        now: new Date("2026-11-28T10:00:00Z"),
        signal: run.signal,
        markIrreversible: async () => {
          if (!run.dryRun) this.irreversible.push(subtask.dn);
        },
      };
      let outcome: SubtaskOutcome<D>;
      try {
        outcome = await handler(subtask, context);
      } catch (error) {
        outcome = { kind: "failed", error: (error as Error).message };
      }
      this.#record(run, subtask.dn, outcome, results);
    }
    return { summary: summaryOf(results), results };
  }

  /** Groups in first-seen order, one handler call each (the real runner also claims first; nothing to race here). */
  async forEachDueGroup<D>(run: TaskRun, groupOf: (subtask: Subtask) => string, handler: SubtaskGroupHandler<D>, options?: ForEachDueOptions): Promise<TaskRunReport<D>> {
    this.concurrency = options?.concurrency;
    const groups = new Map<string, Subtask[]>();
    for (const subtask of this.subtasks) groups.set(groupOf(subtask), [...(groups.get(groupOf(subtask)) ?? []), subtask]);
    const results = new Map<string, SubtaskOutcome<D>>();
    for (const [key, subtasks] of groups) {
      const context: SubtaskContext = {
        dryRun: run.dryRun,
        now: new Date("2026-11-28T10:00:00Z"),
        signal: run.signal,
        markIrreversible: async () => {
          if (!run.dryRun) this.irreversible.push(...subtasks.map((subtask) => subtask.dn));
        },
      };
      const outcomes = await handler({ key, subtasks }, context);
      for (const subtask of subtasks) this.#record(run, subtask.dn, outcomes.get(subtask.dn) ?? { kind: "failed", error: "no outcome" }, results);
    }
    return { summary: summaryOf(results), results };
  }

  outcome(dn: string): ShownOutcome | undefined {
    return this.outcomes.find((recorded) => recorded.dn === dn)?.outcome;
  }

  /** Every recorded subtask's report (or its outcome when it has none), keyed by DN. */
  body(): Record<string, unknown> {
    return Object.fromEntries(this.outcomes.map(({ dn, outcome }) => [dn, outcome.report ?? outcome]));
  }

  #record<D>(run: TaskRun, dn: string, outcome: SubtaskOutcome<D>, results: Map<string, SubtaskOutcome<D>>): void {
    results.set(dn, outcome);
    this.outcomes.push({ dn, outcome: shown(outcome, this.presentation, { segment: run.segment, dryRun: run.dryRun, key: dn }) });
  }
}

/** An outcome as tests check it (see {@link ShownOutcome}). */
export function shown<D>(outcome: SubtaskOutcome<D>, presentation: Presentation, context: { readonly segment: string; readonly dryRun: boolean; readonly key: string }): ShownOutcome {
  const { detail, ...rest } = outcome;
  const present = presentation.present?.subtask;
  if (detail === undefined || present === undefined) return rest;
  return { ...rest, report: present({ ...outcome, detail }, { ...context, nothingToDo: presentation.nothingToDo ?? "status" }) };
}

/**
 * A task type bound to its services, run as its tests look at it: `{ body }` with upstream's `{antiSpam}` for a blocked
 * run, else every subtask's report as the {@link FakeRunner} recorded it.
 */
export function boundTaskType(taskType: TaskTypeDefinition, deps: Readonly<Record<string, unknown>>, runner: FakeRunner) {
  return {
    async run(run: TaskRun): Promise<{ body: unknown }> {
      const report = await taskType.run(run, deps);
      return { body: report.blocked === undefined ? runner.body() : runBody(taskType, report, { segment: run.segment, dryRun: run.dryRun, nothingToDo: "status" }) };
    },
  };
}

/** The host's Outbox over a fake budget and mailer. */
export function fakeOutbox(budget: FakeBudget, mailer: FakeMailer, logger: Logger = silentLogger): HostOutbox {
  return new HostOutbox({ budget, mailer, logger });
}

/** The anti-spam budget behind the Outbox, counting what the tests check. */
export class FakeBudget {
  opened: Array<{ enforceInterval: boolean; dryRun: boolean }> = [];
  taken = 0;
  recorded = 0;
  finished = 0;
  constructor(
    private readonly cap = 50,
    private readonly blocked: string | undefined = undefined,
  ) {}

  async open(options: { enforceInterval: boolean; dryRun: boolean }): Promise<MailAllowance> {
    this.opened.push(options);
    return {
      blocked: this.blocked,
      remaining: () => this.cap - this.taken,
      take: (count) => {
        if (this.taken + count > this.cap) return false;
        this.taken += count;
        return true;
      },
      giveBack: (count) => {
        this.taken -= count;
      },
      recordSent: async () => {
        this.recorded += 1;
      },
      finish: async () => {
        this.finished += 1;
      },
    };
  }
}

/** A mailer that records messages; `refuse` maps an address to a thrown error text or to a silent rejection. */
export class FakeMailer {
  readonly sent: MailMessage[] = [];
  constructor(private readonly refuse: Readonly<Record<string, { throw: string } | "rejected">> = {}) {}

  async send(message: MailMessage): Promise<MailReceipt> {
    const all = [...message.to, ...(message.bcc ?? [])];
    const rejected: string[] = [];
    for (const address of all) {
      const rule = this.refuse[address];
      if (rule === "rejected") rejected.push(address);
      else if (rule !== undefined) throw new Error(rule.throw);
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>`, accepted: all.filter((address) => !rejected.includes(address)), rejected };
  }

  async verify(): Promise<void> {}
}

export const silentLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/**
 * An in-memory directory for the plugin's searches: subtree searches filtered on the objectClass values named in
 * the filter (enough for `(objectClass=x)` and `(|(objectClass=x)(objectClass=y))`).
 */
export class FakeDirectory implements Pick<Directory, "searchAll" | "read"> {
  readonly searches: string[] = [];
  readonly entries: DirectoryEntry[];
  constructor(entries: ReadonlyArray<DirectoryEntry>, private readonly missing: (dn: string) => Error) {
    this.entries = [...entries];
  }

  async searchAll(search: { base: string; filter?: string }): Promise<DirectoryEntry[]> {
    this.searches.push(search.base);
    const base = search.base.toLowerCase();
    if (!this.entries.some((entry) => entry.dn.toLowerCase() === base)) throw this.missing(search.base);
    const classes = [...(search.filter ?? "(objectClass=*)").matchAll(/objectClass=([^)]+)/gi)].map((match) => (match[1] ?? "").toLowerCase());
    return this.entries.filter((entry) => {
      const dn = entry.dn.toLowerCase();
      if (dn !== base && !dn.endsWith(`,${base}`)) return false;
      return classes.includes("*") || entry.values("objectClass").some((value) => classes.includes(value.toLowerCase()));
    });
  }

  async read(dn: string): Promise<DirectoryEntry | null> {
    return this.entries.find((entry) => entry.dn.toLowerCase() === dn.toLowerCase()) ?? null;
  }
}

/** The fake as the {@link Directory} the plugin's classes take (they only search and read). */
export function asDirectory(fake: FakeDirectory): Directory {
  return fake as unknown as Directory;
}
