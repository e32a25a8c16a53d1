export * from "./demo-now.js";
export * from "./test-clock.js";
export * from "./test-host.js";
export * from "./mocks/fakes.js";
export * from "./mocks/directory.js";
export * from "./mocks/memory-directory.js";
export * from "./mocks/task-runner.js";
export * from "./mocks/memory-logger.js";
export * from "./mocks/silent-logger.js";
export * from "./mocks/mock-services.js";
export * from "./mocks/memory-claims.js";
export * from "./mocks/memory-mail-budget.js";
export * from "./mocks/recording-mailer.js";
export * from "./mocks/mock-outbox.js";
// The throwaway slapd, SMTP sink and FusionDirectory stand-in live in the core, whose `demo` uses them too.
export {
  ensureSlapdInstalled,
  fakeFusionDirectoryConfig,
  startFakeFusionDirectory,
  type FakeFusionDirectory,
  type FakeFusionDirectoryOptions,
  type FakeReply,
  type RecordedCall,
  sandboxConfig,
  startSlapd,
  startSmtpSink,
  type ReceivedMail,
  type SlapdOptions,
  type SmtpSink,
  type SmtpSinkOptions,
  type TestSlapd,
} from "@fdo/core";
