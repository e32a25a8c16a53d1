// Bench suite "mail": one PATCH /api/tasks/mail over a backlog of due mail subtasks (real slapd, in-process SMTP
// sink), beside the raw slapd rate of the writes such a run needs (status replaces on one connection).

import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Attribute, Change, Client } from "ldapts";
import { services } from "../../sdk/dist/index.js";
import { startEnvironment } from "./environment.mjs";

const SUBTASKS = 2000;
const BASE = "dc=example,dc=org";
const BRANCH = `ou=bench,${BASE}`;

function backlogLdif(count) {
  const main = `cn=bench-mail,${BRANCH}`;
  const entries = [
    `dn: ${BRANCH}\nobjectClass: organizationalUnit\nou: bench\n`,
    `dn: ${main}\nobjectClass: top\nobjectClass: fdTasks\nobjectClass: fdTasksMail\ncn: bench-mail\nfdTasksStatus: 1\nfdTasksCreationDate: 2026-11-01 09:00:00am\nfdTasksMailObject: welcome-mail\nfdTasksEmailSender: noreply@example.org\n`,
  ];
  for (let index = 0; index < count; index += 1) {
    entries.push(
      `dn: cn=bench-mail-SubTask-${index},${BRANCH}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: bench-mail-SubTask-${index}\n` +
        `fdTasksGranularMaster: ${main}\nfdTasksGranularType: Mail Object\nfdTasksGranularSchedule: 20261101090000\nfdTasksGranularStatus: 1\n` +
        `fdTasksGranularMail: user${index}@example.org\nfdTasksGranularMailFrom: noreply@example.org\nfdTasksGranularRef: welcome-mail\n`,
    );
  }
  return entries.join("\n");
}

/** Replaces the status of `count` subtasks one after the other on one connection: the directory's own pace. */
async function rawWriteRate(slapd, count) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.serviceDn, slapd.servicePassword);
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    await client.modify(`cn=bench-mail-SubTask-${index},${BRANCH}`, [new Change({ operation: "replace", modification: new Attribute({ type: "fdTasksGranularStatus", values: ["1"] }) })]);
  }
  const rate = count / ((performance.now() - started) / 1000);
  await client.unbind();
  return rate;
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
      child.send("stop");
      await once(child, "exit");
    },
  };
}

export async function runMailSuite() {
  console.log(`\n== mail: ${SUBTASKS} due mail subtasks, one run`);
  const file = path.join(await mkdtemp(path.join(tmpdir(), "fdo-bench-")), "backlog.ldif");
  await writeFile(file, backlogLdif(SUBTASKS));
  const smtp = await startCountingSink();
  const environment = await startEnvironment({ plugins: ["plugins/mail"], ldif: [file], smtp, config: { MAIL_TASK_CONCURRENCY: process.env["BENCH_MAIL_CONCURRENCY"] ?? "8" } });
  try {
    await environment.host.resolve(services.directory).modify(`cn=config,ou=fusiondirectory,${BASE}`, [
      { operation: "replace", attribute: "fdTasksConfMaxEmails", values: [String(SUBTASKS * 10)] },
      { operation: "replace", attribute: "fdTasksConfIntervalEmails", values: ["0"] },
    ]);
    const token = environment.host.tokens.accessToken("bench");
    const started = performance.now();
    const response = await fetch(`${environment.url}/api/tasks/mail`, { method: "PATCH", headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300_000) });
    const body = await response.json();
    const seconds = (performance.now() - started) / 1000;
    const summary = body.summary ?? {};
    const rate = (summary.succeeded ?? 0) / seconds;
    const raw = await rawWriteRate(environment.slapd, SUBTASKS);
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`status ${response.status}; processed ${summary.processed}, succeeded ${summary.succeeded}, failed ${summary.failed}; mails received by the sink: ${await smtp.received()}`);
    console.log(`run: ${seconds.toFixed(2)} s, ${rate.toFixed(0)} subtasks/s; peak RSS of the service process: ${rssMiB.toFixed(0)} MiB`);
    // A subtask costs three status writes (claim, sending, outcome), so the directory alone caps a run at raw / 3.
    console.log(`raw slapd: ${raw.toFixed(0)} status replaces/s on one connection`);
    console.log(`run rate / raw replace rate = ${((rate / raw) * 100).toFixed(0)}% (goal >= 50%); run rate / (raw rate / 3 writes per subtask) = ${((rate / (raw / 3)) * 100).toFixed(0)}%`);
    return response.status === 200 && summary.succeeded === SUBTASKS;
  } finally {
    await environment.stop();
  }
}
