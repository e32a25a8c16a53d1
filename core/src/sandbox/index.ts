// The throwaway directory, mail server and FusionDirectory of `demo` and of the test kit (@fdo/testing re-exports them).
export { ensureSlapdInstalled, startSlapd, type SlapdOptions, type TestSlapd } from "./slapd.js";
export { startSmtpSink, type ReceivedMail, type SmtpSink, type SmtpSinkOptions } from "./smtp-sink.js";
export { sandboxConfig } from "./sandbox-config.js";
export {
  fakeFusionDirectoryConfig,
  startFakeFusionDirectory,
  type FakeFusionDirectory,
  type FakeFusionDirectoryOptions,
  type FakeReply,
  type RecordedCall,
} from "./fusiondirectory-stand-in.js";
