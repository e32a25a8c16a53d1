// Bench suite "mail": one PATCH /api/tasks/mail over a backlog of due mail subtasks (real slapd, SMTP sink in a child
// process, the service in its own), per size asked (`--subtasks`, default 2,000), after a warm-up run on a backlog of
// its own, beside the raw slapd rate of the writes such a run needs (status replaces on one connection) and the
// writes it really made.

import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Attribute, Change, Client } from "ldapts";
import { HELD, releaseBacklog, replaceStatuses, runTasks, WARM_UP_SUBTASKS, warmUp } from "./backlog.mjs";
import { startEnvironment } from "./environment.mjs";
import { cpuLine, memoryLine, runEachSize, writesLines } from "./report.mjs";

const DEFAULT_SUBTASKS = 2000;
/** Raw replaces measured: enough for a stable rate, bounded for the big runs. */
const RAW_REPLACES = 5000;
const BASE = "dc=example,dc=org";
const BRANCH = `ou=bench,${BASE}`;
const GOALS = { durableRatio: 0.6, nosyncRate: 1200 };

/** A mail main task `name` with `count` subtasks in `status`. */
function mailTaskLdif(name, count, status) {
  const main = `cn=${name},${BRANCH}`;
  const entries = [
    `dn: ${main}\nobjectClass: top\nobjectClass: fdTasks\nobjectClass: fdTasksMail\ncn: ${name}\nfdTasksStatus: 1\nfdTasksCreationDate: 2026-11-01 09:00:00am\nfdTasksMailObject: welcome-mail\nfdTasksEmailSender: noreply@example.org\n`,
  ];
  for (let index = 0; index < count; index += 1) {
    entries.push(
      `dn: cn=${name}-SubTask-${index},${BRANCH}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: ${name}-SubTask-${index}\n` +
        `fdTasksGranularMaster: ${main}\nfdTasksGranularType: Mail Object\nfdTasksGranularSchedule: 20261101090000\nfdTasksGranularStatus: ${status}\n` +
        `fdTasksGranularMail: ${name}-${index}@example.org\nfdTasksGranularMailFrom: noreply@example.org\nfdTasksGranularRef: welcome-mail\n`,
    );
  }
  return entries;
}

/** The warm-up backlog (due) and the measured one (held). */
function backlogLdif(count) {
  return [`dn: ${BRANCH}\nobjectClass: organizationalUnit\nou: bench\n`, ...mailTaskLdif("bench-warm-up", WARM_UP_SUBTASKS, "1"), ...mailTaskLdif("bench-mail", count, HELD)].join("\n");
}

const subtaskDn = (index) => `cn=bench-mail-SubTask-${index},${BRANCH}`;

/**
 * Makes the held backlog due; the first `RAW_REPLACES` replaces, one after the other on one connection, are the
 * directory's pace before the run. Also says how many writes the monitor counted, which checks the counting the run's
 * figure relies on.
 */
async function release(environment, count) {
  const replaces = Math.min(count, RAW_REPLACES);
  const before = await environment.writes();
  const rate = await releaseBacklog(environment.slapd, subtaskDn, count, replaces);
  return { rate, replaces, counted: (await environment.writes()) - before - (count - replaces) };
}

/** The same replaces after the run (status "2" again), when the directory holds the run's writes too. */
async function rawWriteRateAfter(environment, count) {
  const before = await environment.writes();
  const rate = await replaceStatuses(environment.slapd, subtaskDn, 0, count, "2");
  return { rate, replaces: count, counted: (await environment.writes()) - before };
}

/** Lifts FusionDirectory's anti-spam cap and interval for the run (as the rootdn, outside the service). */
async function liftMailCap(slapd, count) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.rootDn, slapd.rootPassword);
  await client.modify(`cn=config,ou=fusiondirectory,${BASE}`, [
    new Change({ operation: "replace", modification: new Attribute({ type: "fdTasksConfMaxEmails", values: [String(count * 10)] }) }),
    new Change({ operation: "replace", modification: new Attribute({ type: "fdTasksConfIntervalEmails", values: ["0"] }) }),
  ]);
  await client.unbind();
}

/** The counting sink in a child process, shaped like the SDK's sink where the environment needs it. */
async function startCountingSink() {
  const child = fork(fileURLToPath(new URL("./counting-sink.mjs", import.meta.url)));
  const [{ port }] = await once(child, "message");
  return {
    host: "127.0.0.1",
    port,
    async received() {
      child.send("count");
      const [{ count }] = await once(child, "message");
      return count;
    },
    async stop() {
      // The environment stops it too; whoever comes second has nothing to do.
      if (child.exitCode !== null || !child.connected) return;
      child.send("stop");
      await once(child, "exit");
    },
  };
}

/** One run over `count` bench subtasks; resolves with its figures and whether nothing failed. */
async function runOnce(count, durable) {
  console.log(`\n== mail: ${count} due mail subtasks, one run, slapd ${durable ? "durable" : "without disk syncs"}`);
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-bench-"));
  const file = path.join(dir, "backlog.ldif");
  await writeFile(file, backlogLdif(count));
  const smtp = await startCountingSink();
  let environment;
  try {
    const loading = performance.now();
    // slapadd loads the LDIF before slapd starts: the file is not needed afterwards.
    environment = await startEnvironment({ plugins: ["plugins/mail"], ldif: [file], smtp, durable, config: { MAIL_TASK_CONCURRENCY: process.env["BENCH_MAIL_CONCURRENCY"] ?? "8" } }).finally(() =>
      rm(dir, { recursive: true, force: true }),
    );
    console.log(`loaded with slapadd and started in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
    await liftMailCap(environment.slapd, count + WARM_UP_SUBTASKS);
    const warmedUp = await warmUp(environment, "mail", "mails");
    const rawBefore = await release(environment, count);
    const writesBefore = await environment.writes();
    const { cpuSeconds: cpuBefore } = await environment.stats();
    const { response, body, seconds } = await runTasks(environment, "mail", count);
    const writes = (await environment.writes()) - writesBefore;
    const { maxRssBytes: peak, cpuSeconds } = await environment.stats();
    const cpu = cpuSeconds - cpuBefore;
    const summary = body.summary ?? {};
    const rate = (summary.succeeded ?? 0) / seconds;
    const rawAfter = await rawWriteRateAfter(environment, Math.min(count, RAW_REPLACES));
    const rawRate = (rawBefore.rate + rawAfter.rate) / 2;
    console.log(
      `status ${response.status}${body.error === undefined ? "" : ` (stopped: ${body.error.code})`}; due ${summary.eligible}, ` +
        `processed ${summary.processed}, succeeded ${summary.succeeded}, skipped ${summary.skipped}, failed ${summary.failed}, unknown ${summary.unknown}; ` +
        `mails received by the sink: ${await smtp.received()}`,
    );
    console.log(`run: ${seconds.toFixed(2)} s, ${rate.toFixed(0)} mails/s (MAIL_TASK_CONCURRENCY=${process.env["BENCH_MAIL_CONCURRENCY"] ?? "8"})`);
    console.log(memoryLine(peak, count));
    console.log(cpuLine(cpu, seconds, summary.processed));
    console.log(
      `raw reference: ${rawBefore.replaces} status replaces on one connection before the run (those that made the backlog due) (${rawBefore.rate.toFixed(0)}/s) and after it ` +
        `(${rawAfter.rate.toFixed(0)}/s), counted by the monitor as ${rawBefore.counted} and ${rawAfter.counted} writes; their mean below`,
    );
    for (const line of writesLines({ rate, unit: "mails", writes, subtasks: summary.processed || 1, rawWritesPerSecond: rawRate, durable, goals: GOALS })) console.log(line);
    const ok = warmedUp && response.status === 200 && body.error === undefined && summary.failed === 0 && (summary.unknown ?? 0) === 0 && summary.succeeded >= count;
    return { ok, subtasks: count, seconds, cpu, rawWritesPerSecond: rawRate };
  } finally {
    await environment?.stop();
    await smtp.stop();
  }
}

export function runMailSuite({ sizes = [DEFAULT_SUBTASKS], durable }) {
  return runEachSize(sizes, (count) => runOnce(count, durable));
}
