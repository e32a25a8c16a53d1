import test from "ava";
import { BatchedAfterCurrent } from "./batched-after-current.js";

/** A run that stays open until released, recording what each run received. */
function gatedRuns() {
  const runs: Array<{ key: string; items: string[]; release: () => void; fail: (error: Error) => void }> = [];
  const batches = new BatchedAfterCurrent<string>(
    (key, items) =>
      new Promise<void>((resolve, reject) => {
        runs.push({ key, items: [...items], release: resolve, fail: reject });
      }),
  );
  return { runs, batches };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("requests made while a run is in flight share one run after it; each resolves with the run that covers it", async (t) => {
  const { runs, batches } = gatedRuns();
  const first = batches.request("ann", "a");
  await tick();
  t.deepEqual(
    runs.map((run) => run.items),
    [["a"]],
  );
  const second = batches.request("ann", "b");
  const third = batches.request("ann", "c");
  let secondDone = false;
  void second.then(() => {
    secondDone = true;
  });
  runs[0]?.release();
  await first;
  await tick();
  t.false(secondDone, "b waits for the run that started after it, not the one in flight");
  t.deepEqual(
    runs.map((run) => run.items),
    [["a"], ["b", "c"]],
  );
  runs[1]?.release();
  await Promise.all([second, third]);
  t.is(runs.length, 2);
});

test("keys are independent; a failed run rejects its own requests only, and the next batch still runs", async (t) => {
  const { runs, batches } = gatedRuns();
  const ann = batches.request("ann", "a");
  const bob = batches.request("bob", "b");
  await tick();
  t.deepEqual(runs.map((run) => run.key).sort(), ["ann", "bob"]);
  const later = batches.request("ann", "a2");
  runs.find((run) => run.key === "ann")?.fail(new Error("directory down"));
  await t.throwsAsync(ann, { message: "directory down" });
  await tick();
  t.deepEqual(runs.at(-1)?.items, ["a2"]);
  runs.at(-1)?.release();
  runs.find((run) => run.key === "bob")?.release();
  await Promise.all([later, bob]);
});
