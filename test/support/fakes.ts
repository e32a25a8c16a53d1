// Test doubles for the repo's plugin unit tests: the shipped mocks of @fdo/testing, plus what needs the core's
// internals (the HTTP presenters).
import type { Logger, TaskRun, TaskTypeDefinition } from "@fdo/sdk";
import { type FakeRunner, type MemoryMailBudget, type RecordingMailer, silentLogger } from "@fdo/testing";
import { runBody } from "../../core/src/http/presenters/run-body.js";
import { HostOutbox } from "../../core/src/mail/host-outbox.js";

// The test kit's budget and mail server, under the names the executor tests were written with.
export {
  type Attributes,
  asDirectory,
  FakeDirectory,
  FakeRunner,
  fakeEntry,
  fakeRun,
  fakeSubtask,
  MemoryMailBudget as FakeBudget,
  RecordingMailer as FakeMailer,
  type ShownOutcome,
  shown,
  silentLogger,
} from "@fdo/testing";

/**
 * A task type bound to its services, run as its tests look at it: `{ body }` with upstream's `{antiSpam}` for a blocked
 * run, else every subtask's report as the {@link FakeRunner} recorded it.
 */
export function boundTaskType(taskType: TaskTypeDefinition, deps: Readonly<Record<string, unknown>>, runner: FakeRunner) {
  return {
    async run(run: TaskRun): Promise<{ body: unknown }> {
      const report = await taskType.run(run, deps);
      return { body: report.blocked === undefined ? runner.body() : runBody(taskType, report, { segment: run.segment, dryRun: run.dryRun }) };
    },
  };
}

/** The host's Outbox over a fake budget and mailer. */
export function fakeOutbox(budget: MemoryMailBudget, mailer: RecordingMailer, logger: Logger = silentLogger): HostOutbox {
  return new HostOutbox({ budget, mailer, logger });
}
