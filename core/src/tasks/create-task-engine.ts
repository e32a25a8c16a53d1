import type { Clock, Directory, Logger } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import { EngineTaskRunner } from "./engine-task-runner.js";
import { LdapMailBudget } from "./ldap-mail-budget.js";
import { LdapTaskStore } from "./ldap-task-store.js";
import { SharedMailWindow } from "./shared-mail-window.js";
import { SubtaskClaims } from "./subtask-claims.js";

/**
 * The task engine's services: the store and runner offered to plugins, and the mail budget behind the Outbox, whose
 * window all runs share in `windowBranch` (the host's claims branch).
 */
export function createTaskEngine(config: CoreConfig, deps: { directory: Directory; clock: Clock; logger: Logger; owner: string; windowBranch: () => Promise<string> }) {
  const logger = deps.logger.child({ service: "tasks" });
  const taskStore = new LdapTaskStore(deps.directory, config.ldapBase, logger);
  const claims = new SubtaskClaims(deps.directory, deps.owner, config.claimLeaseSeconds);
  return {
    taskStore,
    taskRunner: new EngineTaskRunner({ store: taskStore, claims, clock: deps.clock, logger, nothingToDo: config.nothingToDo, maxAttempts: config.maxAttempts }),
    mailBudget: new LdapMailBudget(deps.directory, config.ldapBase, deps.clock, logger, new SharedMailWindow(deps.directory, deps.windowBranch, deps.clock, config.claimLeaseSeconds)),
  };
}
