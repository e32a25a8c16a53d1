import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Clock, Directory, Logger } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import { EngineTaskRunner } from "./engine-task-runner.js";
import { LdapMailBudget } from "./ldap-mail-budget.js";
import { LdapTaskStore } from "./ldap-task-store.js";
import { SubtaskClaims } from "./subtask-claims.js";

/** Names this process in claim markers, so an admin can tell which instance holds a subtask. */
function instanceId(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, "-").slice(0, 40) || "host";
  return `${host}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

/** The task engine's services, offered to plugins through the SDK tokens. */
export function createTaskEngine(config: CoreConfig, deps: { directory: Directory; clock: Clock; logger: Logger }) {
  const logger = deps.logger.child({ service: "tasks" });
  const taskStore = new LdapTaskStore(deps.directory, config.ldapBase, logger);
  const claims = new SubtaskClaims(deps.directory, instanceId(), config.claimLeaseSeconds);
  return {
    taskStore,
    taskRunner: new EngineTaskRunner({ store: taskStore, claims, clock: deps.clock, logger, nothingToDo: config.nothingToDo }),
    mailBudget: new LdapMailBudget(deps.directory, config.ldapBase, deps.clock, logger),
  };
}
