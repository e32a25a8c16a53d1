// Bench suite "lifecycle": one PATCH /api/tasks/lifeCycle over a backlog of due Life Cycle subtasks (real slapd,
// FusionDirectory REST stand-in in a child process, the service in its own), per size asked (`--subtasks`, default
// 2,000), after a warm-up run on a backlog of its own, beside the raw slapd rate of the writes such a run needs (per
// subtask: one user modify and two status writes, on one connection) and the writes it really made.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Attribute, Change, Client } from "ldapts";
import { HELD, releaseBacklog, runTasks, WARM_UP_SUBTASKS, warmUp } from "./backlog.mjs";
import { startChild } from "./child-process.mjs";
import { startEnvironment } from "./environment.mjs";
import { cpuLine, memoryLine, runEachSize, writesLines } from "./report.mjs";

const DEFAULT_SUBTASKS = 2000;
/** Subtasks' worth of raw writes measured: enough for a stable rate, bounded for the big runs. */
const RAW_SUBTASKS = 2000;
const GOALS = { durableRatio: 0.6, nosyncRate: 1000 };
const BASE = "dc=example,dc=org";
const PEOPLE = `ou=bench-people,${BASE}`;
const TASKS = `ou=bench-lifecycle,${BASE}`;
const STATE_BEFORE = "{COMPTE}A:SupannActif:20240901:20251031";
const POST_DAYS = 30;
const RAW_CAP_MS = 60_000;

const userDn = (index, name = "bench") => `uid=${name}-user-${index},${PEOPLE}`;
const subtaskDn = (index, name = "bench") => `cn=${name}-lifecycle-SubTask-${index},${TASKS}`;

/** A Life Cycle main task `<name>-lifecycle` with `count` users and their subtasks in `status`. */
function lifecycleTaskLdif(name, count, status) {
  const main = `cn=${name}-lifecycle,${TASKS}`;
  const entries = [
    // {COMPTE}A:SupannActif, ended -> {COMPTE}I:SupannExpire from the end date, +30 days (as the demo's task).
    `dn: ${main}\nobjectClass: top\nobjectClass: fdTasks\nobjectClass: fdTasksLifeCycle\ncn: ${name}-lifecycle\nfdTasksStatus: 1\n` +
      `fdTasksCreationDate: 2026-11-01 09:00:00am\nfdTasksScheduleDate: 20261101090000\n` +
      `fdTasksLifeCyclePreResource: COMPTE\nfdTasksLifeCyclePreState: A\nfdTasksLifeCyclePreSubState: SupannActif\n` +
      `fdTasksLifeCyclePostResource: COMPTE\nfdTasksLifeCyclePostState: I\nfdTasksLifeCyclePostSubState: SupannExpire\n` +
      `fdTasksLifeCyclePostEndDate: ${POST_DAYS}\n`,
  ];
  for (let index = 0; index < count; index += 1) {
    entries.push(
      `dn: ${userDn(index, name)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n` +
        `objectClass: supannPerson\nuid: ${name}-user-${index}\ncn: ${name}-user-${index}\nsn: ${name}-user-${index}\n` +
        `supannRessourceEtatDate: ${STATE_BEFORE}\n`,
    );
    entries.push(
      `dn: ${subtaskDn(index, name)}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: ${name}-lifecycle-SubTask-${index}\n` +
        `fdTasksGranularMaster: ${main}\nfdTasksGranularType: Life Cycle\nfdTasksGranularSchedule: 20261101090000\n` +
        `fdTasksGranularStatus: ${status}\nfdTasksGranularDN: ${userDn(index, name)}\n`,
    );
  }
  return entries;
}

/** The warm-up backlog (due) and the measured one (held). */
function backlogLdif(count) {
  return [
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: bench-people\n`,
    `dn: ${TASKS}\nobjectClass: organizationalUnit\nou: bench-lifecycle\n`,
    ...lifecycleTaskLdif("warm-up", WARM_UP_SUBTASKS, "1"),
    ...lifecycleTaskLdif("bench", count, HELD),
  ].join("\n");
}

/**
 * The writes of `count` subtasks, one after the other on one connection: claim (status replace), the user's
 * supannRessourceEtatDate (delete the current value and add another in one modify, as the plugin does), outcome
 * (status replace). Stops at the cap; the rate is over what was done.
 */
async function rawWriteRate(slapd, count, currentValue) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.serviceDn, slapd.servicePassword);
  const status = (value) => new Change({ operation: "replace", modification: new Attribute({ type: "fdTasksGranularStatus", values: [value] }) });
  const deadline = performance.now() + RAW_CAP_MS;
  const started = performance.now();
  let done = 0;
  try {
    for (let index = 0; index < count && performance.now() < deadline; index += 1) {
      const current = currentValue(index);
      await client.modify(subtaskDn(index), [status(`claimed:bench:${index}`)]);
      await client.modify(userDn(index), [
        new Change({ operation: "delete", modification: new Attribute({ type: "supannRessourceEtatDate", values: [current] }) }),
        new Change({ operation: "add", modification: new Attribute({ type: "supannRessourceEtatDate", values: [STATE_BEFORE] }) }),
      ]);
      await client.modify(subtaskDn(index), [status("2")]);
      done += 1;
    }
  } finally {
    await client.unbind();
  }
  const seconds = (performance.now() - started) / 1000;
  return { subtasks: done, writesPerSecond: (done * 3) / seconds, subtasksPerSecond: done / seconds };
}

/** The FusionDirectory stand-in in a child process. */
async function startFakeFusionDirectory() {
  const child = await startChild(fileURLToPath(new URL("./fake-fusiondirectory.mjs", import.meta.url)));
  const { port, login, password } = child.ready;
  return {
    config: { FUSIONDIRECTORY_WEBSERVICE_URL: `http://127.0.0.1:${port}/rest.php/v1`, FUSIONDIRECTORY_WEBSERVICE_LOGIN: login, FUSIONDIRECTORY_WEBSERVICE_PASSWORD: password },
    counts: () => child.ask("count"),
    stop: () => child.stop(),
  };
}

/** One run over `count` bench subtasks; resolves with its figures and whether nothing failed. */
async function runOnce(count, durable) {
  console.log(`\n== lifecycle: ${count} due Life Cycle subtasks (${count} users), one run, slapd ${durable ? "durable" : "without disk syncs"}`);
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-bench-"));
  const file = path.join(dir, "lifecycle.ldif");
  await writeFile(file, backlogLdif(count));
  let fusionDirectory;
  let environment;
  try {
    fusionDirectory = await startFakeFusionDirectory();
    const concurrency = process.env["BENCH_LIFECYCLE_CONCURRENCY"] ?? "8";
    // The LDIF is loaded offline (slapadd) before slapd starts: not needed afterwards.
    environment = await startEnvironment({ plugins: ["plugins/lifecycle"], ldif: [file], durable, config: { ...fusionDirectory.config, LIFECYCLE_TASK_CONCURRENCY: concurrency } }).finally(() =>
      rm(dir, { recursive: true, force: true }),
    );
    const warmedUp = await warmUp(environment, "lifeCycle", "subtasks");
    await releaseBacklog(environment.slapd, subtaskDn, count, 0);
    const fdBefore = await fusionDirectory.counts();
    const writesBefore = await environment.writes();
    const { cpuSeconds: cpuBefore } = await environment.stats();
    const { response, body, seconds } = await runTasks(environment, "lifeCycle", count);
    const writes = (await environment.writes()) - writesBefore;
    const { maxRssBytes: peak, cpuSeconds } = await environment.stats();
    const cpu = cpuSeconds - cpuBefore;
    const summary = body.summary ?? {};

    // Every bench subtask must have changed its user and refreshed it.
    let changed = 0;
    let refreshed = 0;
    const after = [];
    for (let index = 0; index < count; index += 1) {
      const report = body[subtaskDn(index)];
      if (report?.statusUpdate === "Success") changed += 1;
      if (typeof report?.refreshUser === "string" && report.refreshUser.endsWith("has been correctly refreshed.")) refreshed += 1;
      after.push(report?.changes?.[0]?.after);
    }
    const rate = changed / seconds;
    const fdAfter = await fusionDirectory.counts();
    const fd = Object.fromEntries(Object.entries(fdAfter).map(([name, value]) => [name, value - (fdBefore[name] ?? 0)]));
    const expectedAfter = `{COMPTE}I:SupannExpire:20251031:20251130`;
    const wrongValues = after.filter((value) => value !== expectedAfter).length;

    const raw = await rawWriteRate(environment.slapd, Math.min(count, RAW_SUBTASKS), (index) => after[index] ?? expectedAfter);
    console.log(
      `status ${response.status}${body.error === undefined ? "" : ` (stopped: ${body.error.code})`}; processed ${summary.processed}, ` +
        `succeeded ${summary.succeeded}, nothing to do ${summary.skipped}, failed ${summary.failed}; bench users changed ${changed}/${count} ` +
        `(${wrongValues === 0 ? `all to ${expectedAfter}` : `${wrongValues} with another value`}), refreshed ${refreshed}; ` +
        `FusionDirectory stand-in: ${fd.logins} login(s), ${fd.refreshed} user refreshes, ${fd.other} other calls`,
    );
    console.log(`run: ${seconds.toFixed(2)} s, ${rate.toFixed(0)} subtasks/s (LIFECYCLE_TASK_CONCURRENCY=${concurrency})`);
    console.log(memoryLine(peak, count));
    console.log(cpuLine(cpu, seconds, summary.processed));
    console.log(`raw reference: ${raw.subtasks} subtasks' writes one after the other on one connection (claim replace + user delete/add modify + outcome replace)`);
    for (const line of writesLines({ rate, unit: "subtasks", writes, subtasks: summary.processed || 1, rawWritesPerSecond: raw.writesPerSecond, durable, goals: GOALS })) console.log(line);
    const ok = warmedUp && response.status === 200 && body.error === undefined && summary.failed === 0 && changed === count && refreshed === count && wrongValues === 0;
    return { ok, subtasks: count, seconds, cpu, rawWritesPerSecond: raw.writesPerSecond };
  } finally {
    await environment?.stop();
    await fusionDirectory?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function runLifecycleSuite({ sizes = [DEFAULT_SUBTASKS], durable }) {
  return runEachSize(sizes, (count) => runOnce(count, durable));
}
