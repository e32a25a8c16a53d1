// What FusionDirectory writes for archive tasks: only FD 1.6 has them (FD 1.5's archive plugin archives by hand).

/** `PATCH|GET <base>/api/tasks/archive`. */
export const ARCHIVE_SEGMENT = "archive";
/** `fdTasksGranularType` of the subtasks FusionDirectory 1.6 creates (one per monitored member). */
export const ARCHIVE_TYPE = "archive";
/** Every spelling served. */
export const ARCHIVE_GRANULAR_TYPES: readonly string[] = [ARCHIVE_TYPE];
