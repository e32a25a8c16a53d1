import { serviceToken } from "./service-token.js";
import type { Clock } from "../services/clock.js";
import type { Directory } from "../services/directory.js";
import type { FusionDirectoryClient } from "../services/fusiondirectory-client.js";
import type { HostSettings } from "../services/host-settings.js";
import type { Logger } from "../services/logger.js";
import type { MailBudget } from "../services/mail-budget.js";
import type { Mailer } from "../services/mailer.js";
import type { TaskRunner } from "../services/task-runner.js";
import type { TaskStore } from "../services/task-store.js";

/**
 * Tokens of the services the host supplies. Inject them with {@link Injectable} or get them from a
 * {@link ServiceResolver}.
 * @public
 */
export const TOKENS = {
  /** {@link Logger}, tagged with the plugin id inside a plugin's scope. */
  Logger: serviceToken<Logger>("fdo.sdk.Logger"),
  /** {@link Clock}: the one source of "now" (frozen in tests). */
  Clock: serviceToken<Clock>("fdo.sdk.Clock"),
  /** {@link Directory}: the LDAP directory, bound as the orchestrator's service account. */
  Directory: serviceToken<Directory>("fdo.sdk.Directory"),
  /** {@link Mailer}: pooled SMTP. */
  Mailer: serviceToken<Mailer>("fdo.sdk.Mailer"),
  /** {@link TaskStore}: FusionDirectory tasks and subtasks in LDAP. */
  TaskStore: serviceToken<TaskStore>("fdo.sdk.TaskStore"),
  /** {@link TaskRunner}: the claim-process-report loop over due subtasks. */
  TaskRunner: serviceToken<TaskRunner>("fdo.sdk.TaskRunner"),
  /** {@link MailBudget}: anti-spam cap and interval shared by every mail-sending plugin. */
  MailBudget: serviceToken<MailBudget>("fdo.sdk.MailBudget"),
  /** {@link FusionDirectoryClient}: FusionDirectory's REST API. */
  FusionDirectory: serviceToken<FusionDirectoryClient>("fdo.sdk.FusionDirectoryClient"),
  /** {@link HostSettings}: non-secret host settings (LDAP base, URLs). */
  Settings: serviceToken<HostSettings>("fdo.sdk.HostSettings"),
  /** The plugin's own validated configuration (the object typed by its config schema). */
  PluginConfig: serviceToken<Readonly<Record<string, unknown>>>("fdo.sdk.PluginConfig"),
} as const;
