// The lines every run suite prints, each figure beside its goal (issue 14).

const MiB = 1024 * 1024;
/** Peak RSS of the service process at 100,000 subtasks. */
const MEMORY_GOAL_MIB = 200;
/** 20k → 100k: time within 10% of 5×. */
const LINEARITY_TOLERANCE = 0.1;

const percent = (ratio) => `${(ratio * 100).toFixed(0)}%`;

/**
 * The run's rate against the directory's own: `rawWritesPerSecond` on one connection divided by the writes a subtask
 * really cost (slapd's monitor counts, not an assumption).
 */
export function writesLines({ rate, unit, writes, subtasks, rawWritesPerSecond, durable, goals }) {
  const perSubtask = writes / subtasks;
  const ceiling = rawWritesPerSecond / perSubtask;
  const ratio = rate / ceiling;
  const goal = durable ? `goal >= ${percent(goals.durableRatio)} on a durable slapd` : `goal on the no-sync slapd: >= ${goals.nosyncRate} ${unit}/s`;
  const met = durable ? ratio >= goals.durableRatio : rate >= goals.nosyncRate;
  return [
    `slapd writes by the run: ${writes} = ${perSubtask.toFixed(2)} per subtask (monitor backend); raw slapd: ${rawWritesPerSecond.toFixed(0)} writes/s on one connection`,
    `rate ${rate.toFixed(0)} ${unit}/s = ${percent(ratio)} of raw / writes per subtask (${ceiling.toFixed(0)}/s); ${goal}: ${met ? "met" : "NOT met"}`,
  ];
}

/** The service process's peak RSS, and the goal (measured at 100,000 subtasks). */
export function memoryLine(peakBytes, subtasks) {
  const mib = peakBytes / MiB;
  const verdict = subtasks >= 100_000 ? (mib < MEMORY_GOAL_MIB ? "met" : "NOT met") : "applies at 100,000 subtasks";
  return `peak RSS of the service process: ${mib.toFixed(0)} MiB (goal < ${MEMORY_GOAL_MIB} MiB at 100,000 subtasks: ${verdict})`;
}

/** The service's own work: CPU time per subtask, and how busy it kept its process. */
export function cpuLine(cpuSeconds, seconds, subtasks) {
  return `service process CPU: ${cpuSeconds.toFixed(1)} s = ${((cpuSeconds / subtasks) * 1000).toFixed(2)} ms per subtask, ${percent(cpuSeconds / seconds)} busy`;
}

/**
 * Time against size between the smallest and the largest run of one invocation, beside the service's CPU time and the
 * time at the directory's pace (each run's time times its raw write rate): a directory that slows down as it grows
 * shows in the first, not in the other two.
 */
function linearityLine(runs) {
  if (runs.length < 2) return undefined;
  const sorted = [...runs].sort((a, b) => a.subtasks - b.subtasks);
  const small = sorted[0];
  const large = sorted.at(-1);
  const sizeRatio = large.subtasks / small.subtasks;
  const timeRatio = large.seconds / small.seconds;
  const met = timeRatio <= sizeRatio * (1 + LINEARITY_TOLERANCE);
  const paced = (large.seconds * large.rawWritesPerSecond) / (small.seconds * small.rawWritesPerSecond);
  return (
    `linearity ${small.subtasks} -> ${large.subtasks}: time x${timeRatio.toFixed(2)} for x${sizeRatio.toFixed(2)} subtasks ` +
    `(goal within ${percent(LINEARITY_TOLERANCE)} of x${sizeRatio.toFixed(2)}: ${met ? "met" : "NOT met"}); service CPU x${(large.cpu / small.cpu).toFixed(2)}; ` +
    `raw slapd writes/s x${(large.rawWritesPerSecond / small.rawWritesPerSecond).toFixed(2)}, time at the directory's pace x${paced.toFixed(2)}`
  );
}

/** Runs `runOnce(size)` for each size in turn, then the linearity line; true when every run was `ok`. */
export async function runEachSize(sizes, runOnce) {
  const runs = [];
  for (const size of sizes) runs.push(await runOnce(size));
  const linearity = linearityLine(runs);
  if (linearity !== undefined) console.log(linearity);
  return runs.every((run) => run.ok);
}
