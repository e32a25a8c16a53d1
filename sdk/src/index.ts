// reflect-metadata must be evaluated before tsyringe, and ESM hoisting only guarantees that for the first import
// of the module every plugin and the core import first: this one.
import "reflect-metadata";

export * from "./version.js";
export * from "./errors/index.js";
export * from "./di/service-token.js";
export * from "./di/tokens.js";
export * from "./di/injectable.js";
export * from "./di/plugin-config-token.js";
export * from "./config/config-field.js";
export * from "./config/field.js";
export * from "./config/validate-config.js";
export * from "./ldap/escape.js";
export * from "./ldap/same-dn.js";
export * from "./fusiondirectory/object-path.js";
export * from "./fusiondirectory/supann.js";
export * from "./fusiondirectory/resource-pattern.js";
export * from "./mail/addresses.js";
export * from "./mail/mail-templates.js";
export * from "./mail/send-messages.js";
export * from "./time/calendar-days.js";
export * from "./time/fd-dates.js";
export * from "./time/zoned-time.js";
export * from "./plugin/define-plugin.js";
export * from "./plugin/manifest.js";
export * from "./plugin/route.js";
export * from "./plugin/task-type.js";
export type * from "./services/clock.js";
export type * from "./services/directory.js";
export type * from "./services/fusiondirectory-client.js";
export type * from "./services/host-settings.js";
export type * from "./services/logger.js";
export type * from "./services/mail-budget.js";
export type * from "./services/mailer.js";
export type * from "./services/task-runner.js";
export type * from "./services/task-store.js";
