import type { Clock, Directory, FusionDirectoryClient, Logger, TaskStore } from "@fdo/sdk";

/** What upstream's maintenance endpoints work with. */
export interface MaintenanceDeps {
  readonly directory: Directory;
  /** For FusionDirectory's time zone. */
  readonly store: TaskStore;
  readonly clock: Clock;
  /** FusionDirectory's REST API; `undefined` when FUSIONDIRECTORY_WEBSERVICE_URL is not configured. */
  readonly fd?: FusionDirectoryClient | undefined;
  readonly ldapBase: string;
  readonly logger: Logger;
}
