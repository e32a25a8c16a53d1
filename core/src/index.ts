export { createHost, createMailer, RESERVED_TASK_SEGMENTS, type Host, type HostOptions } from "./host.js";
export { loadConfig, DEFAULT_CONFIG_FILE, type LoadConfigOptions, type LoadedConfig } from "./config/load-config.js";
export { coreConfigSchema, type CoreConfig } from "./config/core-schema.js";
export { configReferenceTable } from "./config/config-reference.js";
export { createLogger, type LoggerOptions } from "./logging/create-logger.js";
export type { PluginLoadReport } from "./plugins/plugin-loader.js";
export type { LoadedPlugin, PluginFailure, PluginSkip, RegisteredTaskType } from "./plugins/loaded-plugin.js";
export type { TaskTypeRegistry } from "./plugins/task-type-registry.js";
export type { TokenService } from "./auth/token-service.js";
export * from "./sandbox/index.js";
// The test kit's in-memory Outbox is this one, over its own budget and mail server.
export { HostOutbox, type OutboxServices } from "./mail/host-outbox.js";
export type { MailAllowance, MailBudget } from "./mail/mail-budget.js";
export type { MailReceipt, Mailer } from "./mail/mailer.js";
