// Bench suite "auth": throughput and latency of login and of a bearer-authenticated request, against the demo
// environment. Bounded: a fixed number of requests per case and an overall time cap.
import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { Client } from "ldapts";
import { startEnvironment } from "./environment.mjs";
import { closeIdleSockets, send } from "./http-client.mjs";
import { formatTable, measure } from "./measure.mjs";

const REQUESTS = 1000;
// Requests sent before each case and not measured: the JIT and the connections warm up on them.
const WARM_UP = 100;
const CONCURRENCY = 16;
const CAP_MS = 60_000;
/** Families added and deleted again for the raw reference. */
const RAW_FAMILIES = 500;
const RAW_BRANCH = "ou=bench-raw,dc=example,dc=org";
const CREDENTIALS = JSON.stringify({ username: "orchestrator", password: "orchestrator-secret" });

const loginRequest = (url, signal) => send(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: CREDENTIALS, signal });

const tasksRequest = (url, accessToken, signal) => send(`${url}/api/tasks/`, { headers: { authorization: `Bearer ${accessToken}` }, signal });

async function accessTokenFor(url) {
  const response = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: CREDENTIALS });
  if (response.status !== 200) throw new Error(`login for the bearer cases failed: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

/**
 * Writes of token-family entries (adds and deletes in turn), one after the other on one connection: the directory's
 * own pace for them, in writes per second. The run's writes per login are counted beside it.
 */
async function rawFamilyWriteRate(slapd) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.rootDn, slapd.rootPassword);
  try {
    await client.add(RAW_BRANCH, { objectClass: "organizationalUnit", ou: "bench-raw" });
    const dn = (index) => `cn=raw-family-${index},${RAW_BRANCH}`;
    const started = performance.now();
    for (let index = 0; index < RAW_FAMILIES; index += 1) {
      await client.add(dn(index), { objectClass: "fdJWT", cn: [`raw-family-${index}`, "raw-jwt"], fdRefreshToken: `active:${"0".repeat(64)}`, fdRefreshTokenExpiry: "4102444800" });
      if (index > 0) await client.del(dn(index - 1));
    }
    const rate = (2 * RAW_FAMILIES - 1) / ((performance.now() - started) / 1000);
    await client.del(dn(RAW_FAMILIES - 1));
    await client.del(RAW_BRANCH);
    return rate;
  } finally {
    await client.unbind();
  }
}

/** Slapd writes per login and the rate against the directory's own (raw writes/s divided by them). */
function writesLine(row, rawWritesPerSecond) {
  const perLogin = row.writes / row.requests;
  const ceiling = rawWritesPerSecond / perLogin;
  return `${row.name}: ${perLogin.toFixed(2)} slapd writes per login (monitor backend); raw ${rawWritesPerSecond.toFixed(0)} writes/s on one connection, ${ceiling.toFixed(0)} logins/s; the rate is ${((row.perSecond / ceiling) * 100).toFixed(0)}% of it`;
}

function cases(url, accessToken) {
  const login = (signal) => loginRequest(url, signal);
  const tasks = (signal) => tasksRequest(url, accessToken, signal);
  return [
    { name: "login, sequential", concurrency: 1, request: login },
    { name: `login, ${CONCURRENCY} concurrent`, concurrency: CONCURRENCY, request: login },
    { name: "GET /api/tasks/ bearer, sequential", concurrency: 1, request: tasks },
    { name: `GET /api/tasks/ bearer, ${CONCURRENCY} concurrent`, concurrency: CONCURRENCY, request: tasks },
  ];
}

/** Runs the suite, prints its table; resolves false when a request failed. */
export async function runAuthSuite({ durable }) {
  console.log(`\n== auth: ${REQUESTS} requests per case, after ${WARM_UP} not measured`);
  const environment = await startEnvironment({ durable });
  const cap = AbortSignal.timeout(CAP_MS);
  // Every request in flight listens to the cap (16 at a time and more): no limit.
  setMaxListeners(0, cap);
  const rows = [];
  let rawWritesPerSecond;
  try {
    rawWritesPerSecond = await rawFamilyWriteRate(environment.slapd);
    const accessToken = await accessTokenFor(environment.url);
    for (const benchCase of cases(environment.url, accessToken)) {
      if (cap.aborted) break;
      await measure({ count: WARM_UP, concurrency: benchCase.concurrency, request: benchCase.request, signal: cap });
      const writesBefore = await environment.writes();
      const row = await measure({ count: REQUESTS, concurrency: benchCase.concurrency, request: benchCase.request, signal: cap });
      // A clean-up follows a login's answer where one is needed: the last one may still be under way when counted.
      rows.push({ name: benchCase.name, ...row, writes: (await environment.writes()) - writesBefore });
    }
  } finally {
    closeIdleSockets();
    await environment.stop();
  }
  console.log(formatTable(rows));
  for (const row of rows.filter((each) => each.name.startsWith("login"))) console.log(writesLine(row, rawWritesPerSecond));
  if (cap.aborted) console.log(`stopped at the ${CAP_MS / 1000} s cap: later cases are missing or partial`);
  return rows.every((row) => row.failed === 0);
}
