/**
 * Non-secret host settings that plugins may need to build DNs and links.
 * @public
 */
export interface HostSettings {
  /** Directory base, e.g. `dc=example,dc=org` (`LDAP_BASE`). */
  readonly ldapBase: string;
  /** Branch of the DSA service accounts (`LDAP_OU_DSA`), when configured. */
  readonly dsaBranch: string | undefined;
  /** FusionDirectory REST base URL ending in `/rest.php/v1`, when configured. */
  readonly fusionDirectoryApiUrl: string | undefined;
  /** Path prefix of the HTTP API (`HTTP_BASE_PATH`), empty for none. */
  readonly httpBasePath: string;
  /**
   * `TASKS_NOTHING_TO_DO` when set: status `3` or deletion for every subtask with nothing to do. `undefined` (the
   * default): each subtask's FusionDirectory generation decides (1.5 data deleted, 1.6 data set to `3`).
   */
  readonly nothingToDo: "status" | "delete" | undefined;
}
