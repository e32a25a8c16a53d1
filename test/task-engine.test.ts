import test from "ava";
import { probeDn, startProbeHost, statuses } from "./support/probe-host.js";

type Body = Record<string, unknown> & { summary?: Record<string, number> };

test("each outcome becomes its status; not-due and finished subtasks are left alone", async (t) => {
  const host = await startProbeHost([
    { cn: "ok" },
    { cn: "nothing", action: "nothing" },
    { cn: "fails", action: "fail:mailbox full" },
    { cn: "throws", action: "throw:boom" },
    { cn: "skipped", action: "skip" },
    { cn: "future", schedule: "20991231235959" },
    { cn: "done-before", status: "2" },
    { cn: "failed-before", status: "550 no such user" },
    { cn: "fd16", type: "probe", schedule: "2026112008Z" },
    { cn: "nothing16", type: "probe", action: "nothing" },
  ]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe");
  t.is(response.status, 200);
  const body = response.body as Body;
  t.like(body.summary, { eligible: 7, processed: 7, succeeded: 2, skipped: 3, failed: 2 });
  t.deepEqual(body[probeDn("ok")], { probe: "ok" });
  t.deepEqual(body[probeDn("throws")], { statusUpdate: true, Error: ["boom"] });
  t.deepEqual(await statuses(host, ["ok", "nothing", "nothing16", "fails", "throws", "skipped", "future", "done-before", "failed-before", "fd16"]), {
    ok: "2",
    // Nothing to do by generation: the FD 1.5 spelling ("Probe Object") is deleted, the FD 1.6 one ("probe") set to 3.
    nothing: undefined,
    nothing16: "3",
    fails: "mailbox full",
    throws: "boom",
    skipped: "1",
    future: "1",
    "done-before": "2",
    "failed-before": "550 no such user",
    fd16: "2",
  });
});

test("nothing due is a 200 that says so", async (t) => {
  const host = await startProbeHost([{ cn: "later", schedule: "20991231235959" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/PROBE");
  t.is(response.status, 200);
  t.regex(String((response.body as Body)["message"]), /no subtask is due/);
  t.like((response.body as Body).summary, { eligible: 0, processed: 0 });
});

test("a dry run reports the plan and changes nothing", async (t) => {
  const host = await startProbeHost([{ cn: "a" }, { cn: "b", action: "fail:x" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe?dryRun=true");
  t.is(response.status, 200);
  t.like((response.body as Body)[probeDn("a")], { dryRun: true, outcome: "done" });
  t.like((response.body as Body)[probeDn("b")], { dryRun: true, outcome: "failed" });
  t.deepEqual(await statuses(host, ["a", "b"]), { a: "1", b: "1" });
});

test("nothing to do follows each subtask's generation unless TASKS_NOTHING_TO_DO forces one treatment; answers say which", async (t) => {
  const subtasks = [
    { cn: "fd15", action: "nothing" },
    { cn: "fd16", type: "probe", action: "nothing" },
  ];
  const expectations: Array<{ config: Record<string, string>; after: Record<"fd15" | "fd16", string | undefined> }> = [
    { config: {}, after: { fd15: undefined, fd16: "3" } },
    { config: { TASKS_NOTHING_TO_DO: "status" }, after: { fd15: "3", fd16: "3" } },
    { config: { TASKS_NOTHING_TO_DO: "delete" }, after: { fd15: undefined, fd16: undefined } },
  ];
  for (const { config, after } of expectations) {
    const host = await startProbeHost(subtasks, config);
    t.teardown(() => host.stop());
    const dry = (await host.request("PATCH", "/api/tasks/probe?dryRun=true")).body as Body;
    const body = (await host.request("PATCH", "/api/tasks/probe")).body as Body;
    t.deepEqual(await statuses(host, ["fd15", "fd16"]), after, JSON.stringify(config));
    for (const cn of ["fd15", "fd16"] as const) {
      // The host's default shape for a detail-less outcome: `Removed` when deleted, `statusUpdate` when set to 3.
      const removed = after[cn] === undefined;
      t.deepEqual(body[probeDn(cn)], removed ? { Removed: true, nothingToDo: "no match" } : { statusUpdate: true, nothingToDo: "no match" }, `${cn} ${JSON.stringify(config)}`);
      // A dry run names the same treatment and says it wrote nothing.
      t.like(dry[probeDn(cn)], { dryRun: true, outcome: "nothing", ...(removed ? { Removed: false } : { statusUpdate: false }) });
    }
  }
});

// The probe's call log lives in its module, shared by every host of this worker: the tests reading it run serially
// (ava runs serial tests before the concurrent ones) and clear it first.
test.serial("two concurrent runs never process the same subtask", async (t) => {
  const cns = Array.from({ length: 30 }, (_, index) => `race-${index}`);
  const host = await startProbeHost(cns.map((cn) => ({ cn, action: "slow:5" })));
  t.teardown(() => host.stop());
  await host.request("DELETE", "/api/plugins/probe/calls");
  const [first, second] = await Promise.all([host.request("PATCH", "/api/tasks/probe", { body: { concurrency: 4 } }), host.request("PATCH", "/api/tasks/probe", { body: { concurrency: 4 } })]);
  const processed = [first, second].map((response) => (response.body as Body).summary?.["processed"] ?? 0);
  t.is(
    processed.reduce((sum, count) => sum + count, 0),
    30,
  );
  const calls = (await host.request("GET", "/api/plugins/probe/calls")).body as Array<{ cn: string }>;
  t.is(calls.length, 30);
  t.is(new Set(calls.map((call) => call.cn)).size, 30);
  t.true(Object.values(await statuses(host, cns)).every((status) => status === "2"));
});

test.serial("a stale claim is taken over; a stale send is delivery unknown, never redone; a live claim is left alone", async (t) => {
  const past = Math.floor(Date.parse("2026-11-28T09:00:00Z") / 1000);
  const future = Math.floor(Date.parse("2026-11-28T11:00:00Z") / 1000);
  const host = await startProbeHost([
    { cn: "stale-claim", status: `claimed:dead-instance:${past}` },
    { cn: "stale-send", status: `sending:dead-instance:${past}` },
    { cn: "live-claim", status: `claimed:other-instance:${future}` },
  ]);
  t.teardown(() => host.stop());
  await host.request("DELETE", "/api/plugins/probe/calls");
  const run = await host.request("PATCH", "/api/tasks/probe");
  t.like((run.body as { summary: unknown }).summary, { succeeded: 1, unknown: 1, failed: 0 });
  const after = await statuses(host, ["stale-claim", "stale-send", "live-claim"]);
  t.is(after["stale-claim"], "2");
  t.regex(after["stale-send"] ?? "", /^delivery unknown: interrupted while sending/);
  t.is(after["live-claim"], `claimed:other-instance:${future}`);
  const calls = (await host.request("GET", "/api/plugins/probe/calls")).body as Array<{ cn: string }>;
  t.deepEqual(
    calls.map((call) => call.cn),
    ["stale-claim"],
  );
});

test("a subtask marked irreversible ends done, and the marker is never left behind", async (t) => {
  const host = await startProbeHost([{ cn: "mail", action: "irreversible:1" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe");
  t.deepEqual((response.body as Body)[probeDn("mail")], { sent: true });
  t.deepEqual(await statuses(host, ["mail"]), { mail: "2" });
});

test("a backlog far above the server's size limit is processed completely through paging", async (t) => {
  const cns = Array.from({ length: 2000 }, (_, index) => `bulk-${index}`);
  const host = await startProbeHost(
    cns.map((cn) => ({ cn })),
    { LDAP_PAGE_SIZE: "200" },
  );
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe", { body: { concurrency: 8 } });
  t.like((response.body as Body).summary, { eligible: 2000, processed: 2000, succeeded: 2000 });
  const listing = await host.request("GET", "/api/tasks/probe?limit=5&offset=1995");
  t.like(listing.body as Record<string, unknown>, { total: 2000, offset: 1995, limit: 5 });
  t.is((listing.body as { subtasks: unknown[] }).subtasks.length, 5);
});

test("unknown segments and object-prototype names are a JSON 404, never code", async (t) => {
  const host = await startProbeHost([]);
  t.teardown(() => host.stop());
  for (const segment of ["nope", "Constructor", "__proto__", "toString"]) {
    for (const method of ["PATCH", "GET"]) {
      const response = await host.request(method, `/api/tasks/${segment}`);
      t.is(response.status, 404, `${method} ${segment}`);
      t.is((response.body as Body)["code"], "FDO_ERR_TASK_TYPE_UNKNOWN");
    }
  }
  t.is((await host.request("GET", "/api/tasks/probe?limit=-1")).status, 400);
});

test("the subtask listing shows state, schedule, target and last error", async (t) => {
  const host = await startProbeHost([
    { cn: "x", status: "550 rejected" },
    { cn: "y", schedule: "20991231235959" },
  ]);
  t.teardown(() => host.stop());
  const listing = (await host.request("GET", "/api/tasks/probe")).body as { subtasks: Array<Record<string, unknown>> };
  const byCn = Object.fromEntries(listing.subtasks.map((subtask) => [subtask["cn"], subtask]));
  t.like(byCn["x"], { state: "failed", error: "550 rejected", target: "done", schedule: "2026-11-01T08:00:00.000Z" });
  t.like(byCn["y"], { state: "scheduled", status: "1" });
});

test("grouped runs claim a whole group, then call the handler once per group", async (t) => {
  const host = await startProbeHost([{ cn: "g1" }, { cn: "g2" }, { cn: "g3", action: "fail:bad" }, { cn: "later", schedule: "20991231235959" }]);
  t.teardown(() => host.stop());
  const response = await host.request("PATCH", "/api/tasks/probe", { body: { grouped: true } });
  const body = response.body as Body;
  t.like(body.summary, { eligible: 3, processed: 3, succeeded: 2, failed: 1 });
  t.deepEqual(body[probeDn("g1")], { group: "cn=probe-task,ou=probe,dc=example,dc=org", members: 3 });
  t.deepEqual(await statuses(host, ["g1", "g2", "g3", "later"]), { g1: "2", g2: "2", g3: "bad", later: "1" });
});

test("two concurrent grouped runs split nothing twice", async (t) => {
  const cns = Array.from({ length: 12 }, (_, index) => `grp-${index}`);
  const host = await startProbeHost(cns.map((cn) => ({ cn })));
  t.teardown(() => host.stop());
  const responses = await Promise.all([1, 2].map(() => host.request("PATCH", "/api/tasks/probe", { body: { grouped: true } })));
  const processed = responses.map((response) => (response.body as Body).summary?.["processed"] ?? 0);
  t.is(
    processed.reduce((sum, count) => sum + count, 0),
    12,
  );
  t.true(Object.values(await statuses(host, cns)).every((status) => status === "2"));
});

test("a group is never split between runs, even when they race; a held anchor keeps other runs away", async (t) => {
  const future = Math.floor(Date.parse("2026-11-28T11:00:00Z") / 1000);
  const cns = Array.from({ length: 10 }, (_, index) => `member-${String(index).padStart(2, "0")}`);
  const host = await startProbeHost([...cns.map((cn) => ({ cn, action: "slow:5" }))]);
  t.teardown(() => host.stop());
  const responses = await Promise.all([1, 2, 3].map(() => host.request("PATCH", "/api/tasks/probe", { body: { grouped: true } })));
  const processed = responses.map((response) => (response.body as Body).summary?.["processed"] ?? 0);
  t.deepEqual([...processed].sort(), [0, 0, 10], "one run took the whole group");
  const eligible = responses.map((response) => (response.body as Body).summary?.["eligible"] ?? 0);
  t.deepEqual([...eligible].sort(), [0, 0, 10], "only the run that holds the group counts it");

  const held = await startProbeHost([{ cn: "a-anchor", status: `claimed:other:${future}` }, { cn: "b-member" }]);
  t.teardown(() => held.stop());
  const response = await held.request("PATCH", "/api/tasks/probe", { body: { grouped: true } });
  t.like((response.body as Body).summary, { processed: 0 });
  t.deepEqual(await statuses(held, ["a-anchor", "b-member"]), { "a-anchor": `claimed:other:${future}`, "b-member": "1" });
});

test("a stale send as a group's anchor is delivery unknown, and the rest of the group still goes out once", async (t) => {
  const past = Math.floor(Date.parse("2026-11-28T09:00:00Z") / 1000);
  const host = await startProbeHost([{ cn: "a-stale", status: `sending:dead:${past}` }, { cn: "b-fresh" }]);
  t.teardown(() => host.stop());
  await host.request("PATCH", "/api/tasks/probe", { body: { grouped: true } });
  const after = await statuses(host, ["a-stale", "b-fresh"]);
  t.regex(after["a-stale"] ?? "", /^delivery unknown: interrupted while sending/);
  t.is(after["b-fresh"], "2");
});

test("a subtask left with two status values by an upstream add ends with exactly one", async (t) => {
  const host = await startProbeHost([{ cn: "doubled" }]);
  t.teardown(() => host.stop());
  // The second value sorts after "1", so the subtask still reads as due.
  await host.ldap.modify(probeDn("doubled"), [{ operation: "add", attribute: "fdTasksGranularStatus", values: ["old error"] }]);
  await host.request("PATCH", "/api/tasks/probe");
  t.deepEqual((await host.ldap.read(probeDn("doubled")))?.values("fdTasksGranularStatus"), ["2"]);
});

test("losing the directory mid-run aborts the run with a 503 carrying the partial summary; a later run finishes the work", async (t) => {
  const cns = Array.from({ length: 12 }, (_, index) => `flaky-${String(index).padStart(2, "0")}`);
  const host = await startProbeHost(
    cns.map((cn) => ({ cn, action: "slow:150" })),
    { LDAP_TIMEOUT_MS: "2000" },
  );
  t.teardown(() => host.stop());
  const run = host.request("PATCH", "/api/tasks/probe", { body: { concurrency: 2 } });
  // Mid-run by the probe's own account (its first two subtasks started), not by the clock: a loaded machine only
  // makes the wait longer.
  while (((await host.request("GET", "/api/plugins/probe/calls")).body as unknown[]).length < 2) await new Promise((resolve) => setImmediate(resolve));
  await host.slapd.stop();
  const aborted = await run;
  t.is(aborted.status, 503);
  const body = aborted.body as { code: string; details?: { summary?: Record<string, number> } };
  t.is(body.code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.true((body.details?.summary?.["processed"] ?? 99) < 12, "stopped early, and said how far it got");
  await host.slapd.start();
  // Claims the dead run still held are taken over once their lease has passed.
  host.clock.advance(3600_000);
  const rescue = await host.request("PATCH", "/api/tasks/probe", { body: { concurrency: 4 } });
  t.is(rescue.status, 200);
  t.true(Object.values(await statuses(host, cns)).every((status) => status === "2"));
});
