// The send protocol with fakes: abort check, the cap counting recipients, the dry run, the guard (a subtask context
// or a claim) marked irreversible before the first byte, keep/take back, recording, the interval gate and its finish.

import { type Claim, LdapUnavailableError, type Logger, type MailMessage, type MailPlan, MailSendFailedError, type TaskRun, type TaskRunReport } from "@fdo/sdk";
import test from "ava";
import { HostOutbox } from "./host-outbox.js";
import type { MailAllowance, MailBudget } from "./mail-budget.js";
import type { Mailer, MailReceipt } from "./mailer.js";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const empty: TaskRunReport = { summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map() };

/** Every step of the protocol, in order, as the fakes saw it. */
type Journal = string[];

function budget(journal: Journal, options: { cap?: number; blocked?: string; recordFails?: boolean } = {}): MailBudget & { used(): number } {
  let used = 0;
  return {
    used: () => used,
    async open(open): Promise<MailAllowance> {
      journal.push(`open interval=${open.enforceInterval} dry=${open.dryRun}`);
      return {
        blocked: options.blocked,
        remaining: () => (options.cap ?? 50) - used,
        async take(count) {
          if (used + count > (options.cap ?? 50)) return false;
          used += count;
          return true;
        },
        async giveBack(count) {
          used -= count;
        },
        async recordSent() {
          journal.push("record");
          if (options.recordFails === true) throw new Error("fdTasksConf is read-only");
          return true;
        },
        async finish() {
          journal.push("finish");
        },
      };
    },
  };
}

function mailer(journal: Journal, refuse: ReadonlySet<string> = new Set()): Mailer {
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      const to = message.to[0] ?? "";
      journal.push(`send ${to}`);
      if (refuse.has(to)) throw new Error(`mail could not be sent: 550 <${to}>: no such user`);
      return { messageId: "<1@test>", accepted: [to], rejected: [] };
    },
    async verify() {},
  };
}

const run = (dryRun = false, signal = new AbortController().signal): TaskRun => ({ segment: "mail", granularTypes: [], dryRun, body: undefined, signal, requestId: "r" });
const message = (to: string): MailMessage => ({ from: "it@example.org", to: [to], subject: "s", text: "t" });

function plan(journal: Journal, recipients: string[], guard: MailPlan["guard"] = { markIrreversible: async () => void journal.push("irreversible") }): MailPlan {
  return {
    recipients,
    guard,
    async prepare() {
      journal.push("prepare");
      return { messages: recipients.map(message), keep: async () => void journal.push("keep"), takeBack: async () => void journal.push("take back") };
    },
  };
}

function claimGuard(journal: Journal, available = true): MailPlan["guard"] {
  const claim: Claim = {
    key: "k",
    markIrreversible: async () => void journal.push("claim irreversible"),
    complete: async () => void journal.push("claim complete"),
    release: async () => void journal.push("claim release"),
  };
  return {
    claim: async () => {
      journal.push("claim");
      return available ? claim : undefined;
    },
  };
}

test("a send: the cap taken per recipient, the marker set before the first byte, what prepare wrote kept, the time recorded", async (t) => {
  const journal: Journal = [];
  const shared = budget(journal);
  const outbox = new HostOutbox({ budget: shared, mailer: mailer(journal), logger: silent });
  const result = await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x", "b@x"])), { kind: "sent", delivered: 2, errors: [], lastExecUpdated: true });
    return empty;
  });
  t.is(result, empty);
  t.deepEqual(journal, ["open interval=false dry=false", "prepare", "irreversible", "send a@x", "send b@x", "keep", "record", "finish"]);
  t.is(shared.used(), 2);
});

test("the cap counts every recipient: a plan that does not fit whole waits, a smaller one still goes", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal, { cap: 3 }), mailer: mailer(journal), logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.is((await mail.send(plan(journal, ["a@x", "b@x"]))).kind, "sent");
    t.deepEqual(await mail.send(plan(journal, ["c@x", "d@x"])), { kind: "capReached" });
    t.is((await mail.send(plan(journal, ["e@x"]))).kind, "sent");
    t.deepEqual(await mail.send(plan(journal, ["f@x"])), { kind: "capReached" });
    return empty;
  });
  t.deepEqual(
    journal.filter((step) => step.startsWith("send")),
    ["send a@x", "send b@x", "send e@x"],
  );
});

test("a dry run takes the cap as a run would, and prepares, marks, sends and records nothing", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal, { cap: 1 }), mailer: mailer(journal), logger: silent });
  await outbox.session(run(true), { enforceInterval: true }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x"], claimGuard(journal))), { kind: "wouldSend" });
    t.deepEqual(await mail.send(plan(journal, ["b@x"])), { kind: "capReached" });
    return empty;
  });
  t.deepEqual(journal, ["open interval=true dry=true", "finish"]);
});

test("an aborted run sends nothing and takes no cap", async (t) => {
  const journal: Journal = [];
  const shared = budget(journal);
  const controller = new AbortController();
  controller.abort();
  const outbox = new HostOutbox({ budget: shared, mailer: mailer(journal), logger: silent });
  await outbox.session(run(false, controller.signal), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x"])), { kind: "aborted" });
    return empty;
  });
  t.is(shared.used(), 0);
  t.false(journal.some((step) => step.startsWith("send") || step === "prepare"));
});

test("nobody got it: failed with the server's replies, what prepare wrote taken back, nothing recorded", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal), mailer: mailer(journal, new Set(["a@x", "b@x"])), logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x", "b@x"])), { kind: "failed", errors: ["550 <a@x>: no such user", "550 <b@x>: no such user"] });
    return empty;
  });
  t.deepEqual(journal, ["open interval=false dry=false", "prepare", "irreversible", "send a@x", "send b@x", "take back", "finish"]);
});

test("some got it: sent, with the others' replies; a failing record says so instead of failing the send", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal, { recordFails: true }), mailer: mailer(journal, new Set(["b@x"])), logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x", "b@x"])), { kind: "sent", delivered: 1, errors: ["550 <b@x>: no such user"], lastExecUpdated: false });
    return empty;
  });
  t.true(journal.includes("keep"));
});

test("a claim guard: taken after the cap, irreversible before the first byte, completed after a delivery, released after none", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal), mailer: mailer(journal, new Set(["bad@x"])), logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.is((await mail.send(plan(journal, ["a@x"], claimGuard(journal)))).kind, "sent");
    t.is((await mail.send(plan(journal, ["bad@x"], claimGuard(journal)))).kind, "failed");
    return empty;
  });
  t.deepEqual(journal.slice(1, -1), [
    "claim",
    "prepare",
    "claim irreversible",
    "send a@x",
    "keep",
    "claim complete",
    "record",
    "claim",
    "prepare",
    "claim irreversible",
    "send bad@x",
    "take back",
    "claim release",
  ]);
});

test("a key claimed elsewhere sends nothing and gives its cap back", async (t) => {
  const journal: Journal = [];
  const shared = budget(journal, { cap: 1 });
  const outbox = new HostOutbox({ budget: shared, mailer: mailer(journal), logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x"], claimGuard(journal, false))), { kind: "claimedElsewhere" });
    t.is((await mail.send(plan(journal, ["b@x"]))).kind, "sent", "the cap it had taken is free again");
    return empty;
  });
  t.is(shared.used(), 1);
});

test("prepare failing: unprepared with its error and the claim released; a lost directory is thrown on", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal), mailer: mailer(journal), logger: silent });
  const failing = (error: Error): MailPlan => ({ ...plan(journal, ["a@x"], claimGuard(journal)), prepare: () => Promise.reject(error) });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(failing(new Error("Insufficient access (50)"))), { kind: "unprepared", error: "Insufficient access (50)" });
    await t.throwsAsync(mail.send(failing(new LdapUnavailableError())), { code: "FDO_ERR_LDAP_UNAVAILABLE" });
    return empty;
  });
  t.false(journal.some((step) => step.startsWith("send")));
  t.is(journal.filter((step) => step === "claim release").length, 2);
});

test("a marker that cannot be set (claim lost) sends nothing, takes back what was written and throws", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal), mailer: mailer(journal), logger: silent });
  const lost = plan(journal, ["a@x"], { markIrreversible: () => Promise.reject(new Error("lost the claim")) });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    await t.throwsAsync(mail.send(lost), { message: "lost the claim" });
    return empty;
  });
  t.deepEqual(journal, ["open interval=false dry=false", "prepare", "take back", "finish"]);
});

test("blocked by the interval: the work is not run and the report says so; the allowance of a run is always finished", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal, { blocked: "Anti-spam protection active" }), mailer: mailer(journal), logger: silent });
  const report = await outbox.session(run(), { enforceInterval: true }, async () => t.fail("work ran") as never);
  t.deepEqual(report.blocked, { kind: "antiSpam", message: "Anti-spam protection active" });
  t.is(report.results.size, 0);

  const failing = new HostOutbox({ budget: budget(journal), mailer: mailer(journal), logger: silent });
  await t.throwsAsync(
    failing.session(run(), { enforceInterval: true }, () => Promise.reject(new Error("boom"))),
    { message: "boom" },
  );
  t.is(journal.at(-1), "finish");
});

test("remaining() reads the cap of a new run without reserving anything", async (t) => {
  const journal: Journal = [];
  const outbox = new HostOutbox({ budget: budget(journal, { cap: 7 }), mailer: mailer(journal), logger: silent });
  t.is(await outbox.remaining(), 7);
  t.deepEqual(journal, ["open interval=false dry=true"]);
});

function failingMailer(journal: Journal, error: (to: string) => Error): Mailer {
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      const to = message.to[0] ?? "";
      journal.push(`send ${to}`);
      throw error(to);
    },
    async verify() {},
  };
}

test("refused for now even after the retries: deferred, what prepare wrote taken back and the claim released", async (t) => {
  const journal: Journal = [];
  const busy = failingMailer(journal, () => new MailSendFailedError("mail could not be sent: 451 4.3.0 try later", { details: { smtpCode: 451 } }));
  const outbox = new HostOutbox({ budget: budget(journal), mailer: busy, logger: silent, retry: { delaysMs: [1], wait: async () => void journal.push("wait") } });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    t.deepEqual(await mail.send(plan(journal, ["a@x"], claimGuard(journal))), { kind: "deferred", errors: ["451 4.3.0 try later"] });
    return empty;
  });
  t.deepEqual(journal.slice(1, -1), ["claim", "prepare", "claim irreversible", "send a@x", "wait", "send a@x", "take back", "claim release"]);
});

test("the connection lost after the message was handed over: unknown, what prepare wrote kept, the claim left irreversible", async (t) => {
  const journal: Journal = [];
  const lost = failingMailer(journal, () => new MailSendFailedError("mail could not be sent: Connection closed unexpectedly", { details: { deliveryUnknown: true } }));
  const outbox = new HostOutbox({ budget: budget(journal), mailer: lost, logger: silent });
  await outbox.session(run(), { enforceInterval: false }, async (mail) => {
    const result = await mail.send(plan(journal, ["a@x"], claimGuard(journal)));
    t.is(result.kind, "unknown");
    return empty;
  });
  t.deepEqual(journal.slice(1, -1), ["claim", "prepare", "claim irreversible", "send a@x", "keep"]);
});
