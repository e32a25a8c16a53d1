import type { SubtaskOutcome } from "@fdo/sdk";
import test from "ava";
import { fakeRun, fakeSubtask } from "./fakes.js";
import { FakeRunner } from "./task-runner.js";

const subtasks = [fakeSubtask("cn=a,ou=tasks,dc=example,dc=org", "probe", {}), fakeSubtask("cn=b,ou=tasks,dc=example,dc=org", "probe", {})];
const handler = async (subtask: { readonly dn: string }): Promise<SubtaskOutcome> => (subtask.dn.startsWith("cn=a") ? { kind: "done" } : { kind: "failed", error: "broken" });

test("with onResult, outcomes stream as they settle and the report keeps only the summary, as on the host", async (t) => {
  const streamed: Array<[string, string]> = [];
  const report = await new FakeRunner(subtasks).forEachDue(
    fakeRun(false, {
      onResult: (key, outcome) => {
        streamed.push([key, outcome.kind]);
      },
    }),
    handler,
  );
  t.deepEqual(streamed, [
    ["cn=a,ou=tasks,dc=example,dc=org", "done"],
    ["cn=b,ou=tasks,dc=example,dc=org", "failed"],
  ]);
  t.is(report.results.size, 0);
  t.like(report.summary, { processed: 2, succeeded: 1, failed: 1 });
});

test("without onResult the report carries every outcome", async (t) => {
  const report = await new FakeRunner(subtasks).forEachDue(fakeRun(), handler);
  t.deepEqual([...report.results.keys()], ["cn=a,ou=tasks,dc=example,dc=org", "cn=b,ou=tasks,dc=example,dc=org"]);
});
