import type { MailPlan, MailSession, TaskRunReport } from "@fdo/sdk";
import test from "ava";
import { mockServices } from "./mock-services.js";

const message = (to: string) => ({ from: "it@example.org", to: [to], subject: `hello ${to}`, text: "hi" });
const plan = (to: string, guard: MailPlan["guard"] = { markIrreversible: async () => {} }): MailPlan => ({ recipients: [to], guard, prepare: async () => ({ messages: [message(to)] }) });
const empty: TaskRunReport<never, never> = { summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map() };

async function sendAll(outbox: ReturnType<typeof mockServices.outbox>, plans: readonly MailPlan[], run = mockServices.run()) {
  const results: string[] = [];
  const report = await outbox.session(run, { enforceInterval: true }, async (mail: MailSession) => {
    for (const each of plans) results.push((await mail.send(each)).kind);
    return empty;
  });
  return { results, report };
}

test("mail goes out within the cap, every recipient counting; the rest is held back and recorded as planned", async (t) => {
  const outbox = mockServices.outbox({ cap: 2 });
  const { results } = await sendAll(outbox, [plan("ann@example.org"), plan("ben@example.org"), plan("cy@example.org")]);
  t.deepEqual(results, ["sent", "sent", "capReached"]);
  t.deepEqual(
    outbox.sent.map((sent) => sent.to),
    [["ann@example.org"], ["ben@example.org"]],
  );
  t.deepEqual(
    outbox.planned.map((planned) => [planned.plan.recipients[0], planned.result.kind]),
    [
      ["ann@example.org", "sent"],
      ["ben@example.org", "sent"],
      ["cy@example.org", "capReached"],
    ],
  );
  t.is(outbox.budget.recorded, 2);
  t.is(await outbox.remaining(), 0);
});

test("a dry run plans without preparing or sending", async (t) => {
  const outbox = mockServices.outbox();
  let prepared = 0;
  const counted: MailPlan = {
    ...plan("ann@example.org"),
    prepare: async () => {
      prepared += 1;
      return { messages: [message("ann@example.org")] };
    },
  };
  const { results } = await sendAll(outbox, [counted], mockServices.run({ dryRun: true }));
  t.deepEqual(results, ["wouldSend"]);
  t.is(prepared, 0);
  t.deepEqual(outbox.sent, []);
  t.deepEqual(outbox.budget.opened, [{ enforceInterval: true, dryRun: true }]);
});

test("a run blocked by the interval gate does not call the work and says why", async (t) => {
  const outbox = mockServices.outbox({ blocked: "Please wait 5 minutes" });
  const { results, report } = await sendAll(outbox, [plan("ann@example.org")]);
  t.deepEqual(results, []);
  t.deepEqual(report.blocked, { kind: "antiSpam", message: "Please wait 5 minutes" });
});

test("an aborted run sends nothing; a refused address fails and takes back what was prepared", async (t) => {
  const controller = new AbortController();
  controller.abort();
  const aborted = mockServices.outbox();
  t.deepEqual((await sendAll(aborted, [plan("ann@example.org")], mockServices.run({ signal: controller.signal }))).results, ["aborted"]);
  t.deepEqual(aborted.sent, []);

  const refusing = mockServices.outbox({ refuse: { "ann@example.org": { throw: "550 relay denied" } } });
  let takenBack = 0;
  const refused: MailPlan = {
    ...plan("ann@example.org"),
    prepare: async () => ({
      messages: [message("ann@example.org")],
      takeBack: async () => {
        takenBack += 1;
      },
    }),
  };
  t.deepEqual((await sendAll(refusing, [refused])).results, ["failed"]);
  t.is(takenBack, 1);
  t.like(refusing.planned[0]?.result, { kind: "failed" });
});

test("a claim-guarded mail goes out once: the claim is done after it, and another run finds it claimed", async (t) => {
  const claims = mockServices.claims();
  const outbox = mockServices.outbox();
  const guarded = plan("ann@example.org", { claim: () => claims.acquire("ann-28d") });
  t.deepEqual((await sendAll(outbox, [guarded])).results, ["sent"]);
  t.deepEqual((await sendAll(outbox, [guarded])).results, ["claimedElsewhere"]);
  t.is(claims.record("ann-28d")?.status, "done");
  t.is(outbox.sent.length, 1);
});
