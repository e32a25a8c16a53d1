// Bench suite "auth": throughput and latency of login and of a bearer-authenticated request, against the demo
// environment. Bounded: a fixed number of requests per case and an overall time cap.
import { setMaxListeners } from "node:events";
import { startEnvironment } from "./environment.mjs";
import { closeIdleSockets, send } from "./http-client.mjs";
import { formatTable, measure } from "./measure.mjs";

const REQUESTS = 1000;
// Requests sent before each case and not measured: the JIT and the connections warm up on them.
const WARM_UP = 100;
const CONCURRENCY = 16;
const CAP_MS = 60_000;
const CREDENTIALS = JSON.stringify({ username: "orchestrator", password: "orchestrator-secret" });

const loginRequest = (url, signal) => send(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: CREDENTIALS, signal });

const tasksRequest = (url, accessToken, signal) => send(`${url}/api/tasks/`, { headers: { authorization: `Bearer ${accessToken}` }, signal });

async function accessTokenFor(url) {
  const response = await fetch(`${url}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: CREDENTIALS });
  if (response.status !== 200) throw new Error(`login for the bearer cases failed: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
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
  try {
    const accessToken = await accessTokenFor(environment.url);
    for (const benchCase of cases(environment.url, accessToken)) {
      if (cap.aborted) break;
      await measure({ count: WARM_UP, concurrency: benchCase.concurrency, request: benchCase.request, signal: cap });
      rows.push({ name: benchCase.name, ...(await measure({ count: REQUESTS, concurrency: benchCase.concurrency, request: benchCase.request, signal: cap })) });
    }
  } finally {
    closeIdleSockets();
    await environment.stop();
  }
  console.log(formatTable(rows));
  if (cap.aborted) console.log(`stopped at the ${CAP_MS / 1000} s cap: later cases are missing or partial`);
  return rows.every((row) => row.failed === 0);
}
