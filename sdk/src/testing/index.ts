export * from "./slapd.js";
export * from "./smtp-sink.js";
export * from "./test-clock.js";
export * from "./test-host.js";
export * from "./sandbox-config.js";
