import type { Clock, DirectoryEntry, Subtask } from "@fdo/sdk";
import { DEMO_NOW } from "../demo-now.js";
import { TestClock } from "../test-clock.js";
import { fakeEntry, fakeRun, fakeSubtask } from "./fakes.js";
import { MemoryClaims } from "./memory-claims.js";
import { MemoryDirectory } from "./memory-directory.js";
import { memoryLogger } from "./memory-logger.js";
import { MockOutbox, type MockOutboxOptions } from "./mock-outbox.js";
import { silentLogger } from "./silent-logger.js";
import { FakeRunner, type Presentation } from "./task-runner.js";

/**
 * In-memory stand-ins for the host's services and data, for plugin unit tests that need no slapd or SMTP server
 * (use `startTestHost` for those). Each call returns a fresh object.
 *
 * @example
 * ```ts
 * const directory = mockServices.directory({ entries: [mockServices.entry("dc=example,dc=org", { objectClass: "domain" })] });
 * const runner = mockServices.taskRunner([mockServices.subtask(dn, "hello", { fdTasksGranularDN: user })]);
 * await helloTaskType.run(mockServices.run({ segment: "hello", granularTypes: ["hello"] }), { runner, directory, logger: mockServices.silentLogger() });
 * t.deepEqual(runner.outcome(dn), { kind: "done" });
 * ```
 * @public
 */
export const mockServices = {
  /** A directory entry from plain attribute values ({@link fakeEntry}). */
  entry: fakeEntry,
  /** A due subtask ({@link fakeSubtask}). */
  subtask: fakeSubtask,
  /** A task run; `dryRun` false unless given ({@link fakeRun}). */
  run: (overrides: Parameters<typeof fakeRun>[1] = {}) => fakeRun(overrides.dryRun ?? false, overrides),
  /** A writable directory over `entries` ({@link MemoryDirectory}). */
  directory: (options: { readonly entries: readonly DirectoryEntry[] }) => new MemoryDirectory(options.entries),
  /** A clock frozen at `now` (default {@link DEMO_NOW}) that moves only when told ({@link TestClock}). */
  clock: (now: Date | string = DEMO_NOW) => new TestClock(now),
  /** The host's logger writing into memory ({@link memoryLogger}). */
  logger: memoryLogger,
  /** A logger that drops everything ({@link silentLogger}). */
  silentLogger: () => silentLogger,
  /** A task runner over `subtasks` that records outcomes as `presentation` shows them ({@link FakeRunner}). */
  taskRunner: (subtasks: readonly Subtask[], presentation: Presentation = {}, now: Date | string = DEMO_NOW) => new FakeRunner(subtasks, presentation, now),
  /** The host's Outbox over an in-memory anti-spam budget and mail server, recording plans and sent mail ({@link MockOutbox}). */
  outbox: (options: MockOutboxOptions = {}) => new MockOutbox(options),
  /** Claims kept in memory with the host's semantics, leases counted by `clock` (default: frozen at {@link DEMO_NOW}) ({@link MemoryClaims}). */
  claims: (options: { readonly clock?: Clock; readonly leaseSeconds?: number } = {}) => new MemoryClaims(options.clock ?? new TestClock(DEMO_NOW), options.leaseSeconds),
} as const;
