// tsyringe refuses to load without the Reflect metadata API: load it first.
import "reflect-metadata";
import { container as globalContainer, type DependencyContainer } from "tsyringe";
import { TOKENS, type Clock, type Directory, type FusionDirectoryClient, type HostSettings, type Logger, type MailBudget, type Mailer, type TaskRunner, type TaskStore } from "@fdo/sdk";

export interface HostServices {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly mailer: Mailer;
  readonly settings: HostSettings;
  readonly taskStore: TaskStore;
  readonly taskRunner: TaskRunner;
  readonly mailBudget: MailBudget;
  readonly fusionDirectory: FusionDirectoryClient;
}

/**
 * A fresh DI scope per host (a child of tsyringe's global container, so several hosts can live in one process,
 * as in tests) holding the core services under the SDK tokens.
 */
export function createHostContainer(services: HostServices): DependencyContainer {
  const scope = globalContainer.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: services.logger });
  scope.register(TOKENS.Clock, { useValue: services.clock });
  scope.register(TOKENS.Directory, { useValue: services.directory });
  scope.register(TOKENS.Mailer, { useValue: services.mailer });
  scope.register(TOKENS.Settings, { useValue: services.settings });
  scope.register(TOKENS.TaskStore, { useValue: services.taskStore });
  scope.register(TOKENS.TaskRunner, { useValue: services.taskRunner });
  scope.register(TOKENS.MailBudget, { useValue: services.mailBudget });
  scope.register(TOKENS.FusionDirectory, { useValue: services.fusionDirectory });
  return scope;
}
