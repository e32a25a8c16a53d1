// The throwaway directory and mail server of `demo` and of the test kit (@fdo/testing re-exports them).
export { ensureSlapdInstalled, startSlapd, type SlapdOptions, type TestSlapd } from "./slapd.js";
export { startSmtpSink, type ReceivedMail, type SmtpSink, type SmtpSinkOptions } from "./smtp-sink.js";
export { sandboxConfig } from "./sandbox-config.js";
