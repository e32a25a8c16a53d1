// The throwaway slapd, SMTP sink and FusionDirectory stand-in live in the core, whose `demo` uses them too.
export {
  ensureSlapdInstalled,
  type FakeFusionDirectory,
  type FakeFusionDirectoryOptions,
  type FakeReply,
  fakeFusionDirectoryConfig,
  type ReceivedMail,
  type RecordedCall,
  type SlapdOptions,
  type SmtpSink,
  type SmtpSinkOptions,
  sandboxConfig,
  startFakeFusionDirectory,
  startSlapd,
  startSmtpSink,
  type TestSlapd,
} from "@fdo/core";
export * from "./demo-now.js";
export * from "./mocks/directory.js";
export * from "./mocks/fakes.js";
export * from "./mocks/memory-claims.js";
export * from "./mocks/memory-directory.js";
export * from "./mocks/memory-logger.js";
export * from "./mocks/memory-mail-budget.js";
export * from "./mocks/mock-outbox.js";
export * from "./mocks/mock-services.js";
export * from "./mocks/recording-mailer.js";
export * from "./mocks/silent-logger.js";
export * from "./mocks/task-runner.js";
export * from "./test-clock.js";
export * from "./test-host.js";
