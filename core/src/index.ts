export type { TokenService } from "./auth/token-service.js";
export { configReferenceTable } from "./config/config-reference.js";
export { type CoreConfig, coreConfigSchema } from "./config/core-schema.js";
export { DEFAULT_CONFIG_FILE, type LoadConfigOptions, type LoadedConfig, loadConfig } from "./config/load-config.js";
export { createHost, createMailer, type Host, type HostOptions, RESERVED_TASK_SEGMENTS } from "./host.js";
export { createLogger, type LoggerOptions } from "./logging/create-logger.js";
// The test kit's in-memory Outbox is this one, over its own budget and mail server.
export { HostOutbox, type OutboxServices } from "./mail/host-outbox.js";
export type { MailAllowance, MailBudget } from "./mail/mail-budget.js";
export type { Mailer, MailReceipt } from "./mail/mailer.js";
export type { LoadedPlugin, PluginFailure, PluginSkip, RegisteredTaskType } from "./plugins/loaded-plugin.js";
export type { PluginLoadReport } from "./plugins/plugin-loader.js";
export type { TaskTypeRegistry } from "./plugins/task-type-registry.js";
export * from "./sandbox/index.js";
