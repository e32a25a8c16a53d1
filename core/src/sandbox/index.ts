// The throwaway directory, mail server and FusionDirectory of `demo` and of the test kit (@fdo/testing re-exports them).

export {
  type FakeFusionDirectory,
  type FakeFusionDirectoryOptions,
  type FakeReply,
  fakeFusionDirectoryConfig,
  type RecordedCall,
  startFakeFusionDirectory,
} from "./fusiondirectory-stand-in.js";
export { sandboxConfig } from "./sandbox-config.js";
export { ensureSlapdInstalled, type SlapdOptions, startSlapd, type TestSlapd } from "./slapd.js";
export { type ReceivedMail, type SmtpSink, type SmtpSinkOptions, startSmtpSink } from "./smtp-sink.js";
