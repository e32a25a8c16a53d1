// Bench suite "audit": one PATCH /api/tasks/audit (retention) over a large audit log loaded offline with slapadd,
// the demo's audit-retention task (365 days) due, beside the raw slapd rate of the deletes such a run needs
// (entries of another branch deleted one after the other on one connection).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Client } from "ldapts";
import { startEnvironment } from "./environment.mjs";

const EVENTS = 50_000;
/** Events within the retention (kept); the others are years old. */
const RECENT = 50;
/** Entries of another branch deleted for the raw rate. */
const RAW_DELETES = 5_000;
const BASE = "dc=example,dc=org";
const AUDIT = `ou=audit,${BASE}`;
const RAW_BRANCH = `ou=bench-audit-raw,${BASE}`;
/** Marks the generated events, so the check after the run tells them from the demo's. */
const BENCH_AUTHOR = `uid=bench-auditor,ou=people,${BASE}`;
const RUN_CAP_MS = 120_000;
const RAW_CAP_MS = 60_000;
const DAY_MS = 86_400_000;

/** `YYYYMMDDHHMMSSZ`, seconds forced to 07 so no generated RDN can equal a demo event's. */
function generalizedTime(ms) {
  return `${new Date(ms).toISOString().slice(0, 17).replace(/[-T:]/g, "")}07Z`;
}

function event(at, index, branch) {
  return (
    `dn: fdAuditDateTime=${at},${branch}\nobjectClass: fdAuditEvent\nfdAuditDateTime: ${at}\nfdAuditAction: modify\n` +
    `fdAuditAuthorDN: ${BENCH_AUTHOR}\nfdAuditObject: uid=bench-user-${index % 1000},ou=people,${BASE}\n` +
    `fdAuditObjectType: plugin/user\nfdAuditAttributes: {"telephoneNumber":"+33 1 40 00 ${String(index % 100).padStart(2, "0")} 00"}\n` +
    `fdAuditResult: Success\nfdAuditAuthorIP: 192.0.2.10\n`
  );
}

/**
 * `EVENTS` events in ou=audit: all but `RECENT` one minute apart from three years ago (older than any retention of
 * the demo), `RECENT` one hour apart within the last few days; and `RAW_DELETES` events of the same shape in
 * another branch, one minute apart from four years ago, for the raw delete rate.
 */
function eventsLdif(now) {
  const entries = [`dn: ${RAW_BRANCH}\nobjectClass: organizationalUnit\nou: bench-audit-raw\n`];
  const old = now - 3 * 365 * DAY_MS;
  for (let index = 0; index < EVENTS - RECENT; index += 1) entries.push(event(generalizedTime(old + index * 60_000), index, AUDIT));
  for (let index = 0; index < RECENT; index += 1) entries.push(event(generalizedTime(now - (index + 2) * 3_600_000), index, AUDIT));
  const raw = now - 4 * 365 * DAY_MS;
  for (let index = 0; index < RAW_DELETES; index += 1) entries.push(event(generalizedTime(raw + index * 60_000), index, RAW_BRANCH));
  return entries.join("\n");
}

/** DNs under `base` matching `filter`, paged (the rootdn has no size limit). */
async function dns(client, base, filter) {
  const { searchEntries } = await client.search(base, { scope: "one", filter, attributes: ["1.1"], paged: { pageSize: 1000 } });
  return searchEntries.map((entry) => entry.dn);
}

/** Deletes the raw branch's events one after the other on one connection; stops at the cap. */
async function rawDeleteRate(slapd) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.rootDn, slapd.rootPassword);
  try {
    const targets = await dns(client, RAW_BRANCH, "(objectClass=fdAuditEvent)");
    await client.unbind();
    await client.bind(slapd.serviceDn, slapd.servicePassword);
    const deadline = performance.now() + RAW_CAP_MS;
    const started = performance.now();
    let deleted = 0;
    for (const dn of targets) {
      if (performance.now() >= deadline) break;
      await client.del(dn);
      deleted += 1;
    }
    return { found: targets.length, deleted, perSecond: deleted / ((performance.now() - started) / 1000) };
  } finally {
    await client.unbind();
  }
}

export async function runAuditSuite({ durable }) {
  console.log(`\n== audit: ${EVENTS} audit events (${EVENTS - RECENT} past the retention), retention run of the demo's tasks`);
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-bench-"));
  const file = path.join(dir, "audit.ldif");
  await writeFile(file, eventsLdif(Date.now()));
  const loading = performance.now();
  // slapadd loads the LDIF before slapd starts: the file is not needed afterwards.
  const environment = await startEnvironment({ plugins: ["plugins/audit"], ldif: [file], durable }).finally(() => rm(dir, { recursive: true, force: true }));
  const loadSeconds = (performance.now() - loading) / 1000;
  const client = new Client({ url: environment.slapd.url });
  try {
    await client.bind(environment.slapd.rootDn, environment.slapd.rootPassword);
    const before = (await dns(client, AUDIT, "(objectClass=fdAuditEvent)")).length;
    const token = environment.token;
    const started = performance.now();
    const response = await fetch(`${environment.url}/api/tasks/audit`, { method: "PATCH", headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(RUN_CAP_MS) });
    const body = await response.json();
    const seconds = (performance.now() - started) / 1000;
    const summary = body.summary ?? {};

    const reports = Object.entries(body).filter(([dn]) => dn !== "summary");
    const removed = reports.reduce((sum, [, report]) => sum + (typeof report?.removed === "number" ? report.removed : 0), 0);
    const remaining = (await dns(client, AUDIT, "(objectClass=fdAuditEvent)")).length;
    const benchLeft = (await dns(client, AUDIT, `(&(objectClass=fdAuditEvent)(fdAuditAuthorDN=${BENCH_AUTHOR}))`)).length;
    const rate = removed / seconds;
    const rssMiB = (await environment.stats()).maxRssBytes / 1024 / 1024;

    const raw = await rawDeleteRate(environment.slapd);
    console.log(`loaded with slapadd and started in ${loadSeconds.toFixed(1)} s; events before the run: ${before}`);
    console.log(
      `status ${response.status}; processed ${summary.processed}, succeeded ${summary.succeeded}, nothing to do ${summary.skipped}, failed ${summary.failed}; ` +
        reports.map(([dn, report]) => `${dn.split(",")[0]}: ${report?.info ?? report?.Error?.[0] ?? JSON.stringify(report)}`).join("; "),
    );
    console.log(`events removed ${removed} (directory: ${before} -> ${remaining}); generated events left ${benchLeft} (expected the ${RECENT} recent ones)`);
    console.log(`run: ${seconds.toFixed(2)} s, ${rate.toFixed(0)} events deleted/s; peak RSS of the service process: ${rssMiB.toFixed(0)} MiB`);
    console.log(
      `raw slapd: ${raw.perSecond.toFixed(0)} deletes/s, ${raw.deleted} of ${raw.found} entries of ${RAW_BRANCH} one after the other on one connection ` +
        `(${removed} deletes at that rate: ${(removed / raw.perSecond).toFixed(1)} s)`,
    );
    console.log(`run rate / raw delete rate = ${((rate / raw.perSecond) * 100).toFixed(0)}%`);
    return response.status === 200 && summary.failed === 0 && removed >= EVENTS - RECENT && removed === before - remaining && benchLeft === RECENT && raw.deleted === RAW_DELETES;
  } finally {
    await client.unbind().catch(() => undefined);
    await environment.stop();
  }
}
