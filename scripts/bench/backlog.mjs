// What the run suites share: the measured backlog is loaded held (a status no run takes) so that the service first
// warms up on a backlog of its own, as a service that has run before would be; making it due again is then the raw
// reference of the directory's pace (status replaces on one connection).
import { performance } from "node:perf_hooks";
import { Attribute, Change, Client } from "ldapts";

/** The status the measured subtasks are loaded with: neither due nor a run's marker. */
export const HELD = "bench-held";
/** Subtasks of the warm-up run: enough for V8 to have optimised the hot paths (the second 2,000 still ran faster). */
export const WARM_UP_SUBTASKS = 4000;
/** Connections that release what the timed part leaves. */
const PARALLEL = 8;

const statusChange = (value) => new Change({ operation: "replace", modification: new Attribute({ type: "fdTasksGranularStatus", values: [value] }) });

/**
 * Replaces the status of subtasks `from` to `to - 1` with `value`, one after the other on one connection; resolves with
 * the rate.
 */
export async function replaceStatuses(slapd, dnOf, from, to, value) {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.rootDn, slapd.rootPassword);
  try {
    const started = performance.now();
    for (let index = from; index < to; index += 1) await client.modify(dnOf(index), [statusChange(value)]);
    return (to - from) / ((performance.now() - started) / 1000);
  } finally {
    await client.unbind();
  }
}

/**
 * Makes the `count` held subtasks due: the first `timed` one after the other on one connection, whose rate it resolves
 * with (the directory's own pace), the rest over several connections.
 */
export async function releaseBacklog(slapd, dnOf, count, timed) {
  const rate = timed === 0 ? undefined : await replaceStatuses(slapd, dnOf, 0, timed, "1");
  const lane = Math.ceil((count - timed) / PARALLEL);
  const lanes = [];
  for (let from = timed; from < count; from += lane) lanes.push(replaceStatuses(slapd, dnOf, from, Math.min(count, from + lane), "1"));
  await Promise.all(lanes);
  return rate;
}

/**
 * One `PATCH /api/tasks/<segment>`, bounded by a time that grows with `subtasks`; resolves with its answer and
 * duration.
 */
export async function runTasks(environment, segment, subtasks) {
  const started = performance.now();
  const response = await fetch(`${environment.url}/api/tasks/${segment}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${environment.token}` },
    signal: AbortSignal.timeout(120_000 + subtasks * 20),
  });
  const body = await response.json();
  return { response, body, seconds: (performance.now() - started) / 1000 };
}

/**
 * The service's first run after its start, on the warm-up backlog: reported, not measured. Resolves false when it
 * failed anything.
 */
export async function warmUp(environment, segment, unit) {
  const { response, body, seconds } = await runTasks(environment, segment, WARM_UP_SUBTASKS);
  const summary = body.summary ?? {};
  console.log(
    `warm-up (the service's first run after its start, not measured): status ${response.status}, ${summary.succeeded} of ${summary.processed} ${unit} succeeded in ${seconds.toFixed(2)} s = ` +
      `${((summary.succeeded ?? 0) / seconds).toFixed(0)} ${unit}/s`,
  );
  return response.status === 200 && body.error === undefined && summary.failed === 0;
}
