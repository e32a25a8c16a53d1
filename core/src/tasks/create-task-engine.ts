import type { Clock, Directory, Logger } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import type { DirectorySchema } from "../ldap/directory-schema.js";
import { Fd16Bookkeeping } from "./bookkeeping/fd16-writes.js";
import { RunBookkeeping } from "./bookkeeping/run-bookkeeping.js";
import { EngineTaskRunner } from "./engine-task-runner.js";
import { LdapMailBudget } from "./ldap-mail-budget.js";
import { LdapTaskStore } from "./ldap-task-store.js";
import { SharedMailWindow } from "./shared-mail-window.js";
import { SubtaskClaims } from "./subtask-claims.js";

/**
 * The task engine's services: the store and runner offered to plugins, the mail budget behind the Outbox, whose
 * window all runs share in `windowBranch` (the host's claims branch), and the FD 1.6 bookkeeping the schema allows.
 */
export function createTaskEngine(config: CoreConfig, deps: { directory: Directory; schema: DirectorySchema; clock: Clock; logger: Logger; owner: string; windowBranch: () => Promise<string> }) {
  const logger = deps.logger.child({ service: "tasks" });
  const taskStore = new LdapTaskStore(deps.directory, config.ldapBase, logger);
  const claims = new SubtaskClaims(deps.directory, deps.owner, config.claimLeaseSeconds);
  const fd16 = new Fd16Bookkeeping(deps.schema, logger);
  const bookkeeping = () => new RunBookkeeping({ directory: deps.directory, store: taskStore, clock: deps.clock, logger, fd16 });
  const window = new SharedMailWindow(deps.directory, deps.windowBranch, deps.clock, config.claimLeaseSeconds);
  return {
    taskStore,
    fd16,
    taskRunner: new EngineTaskRunner({ store: taskStore, claims, clock: deps.clock, logger, nothingToDo: config.nothingToDo, maxAttempts: config.maxAttempts, bookkeeping }),
    mailBudget: new LdapMailBudget(deps.directory, config.ldapBase, deps.clock, logger, window, async () => (await fd16.writes()).generalizedTime),
  };
}
