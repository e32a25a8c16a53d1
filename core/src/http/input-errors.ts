import { defineError } from "@fdo/sdk";

// Codes of the strict request checks (core/src/http/strict-input.ts). Codes are a public contract: never rename one.

/**
 * A query parameter the route does not know (`dryrun`, `dry_run`), given more than once, or with a value the route
 * does not accept (`dryRun=TRUE`). `details.problems` lists each parameter with what is wrong with it.
 */
export const HttpQueryInvalidError = defineError("FDO_ERR_HTTP_QUERY_INVALID", 400, "invalid query parameters");

/** A body key the route (or the task type) does not declare, e.g. `taskname` for `taskName`; `details.keys` names them. */
export const HttpBodyKeyUnknownError = defineError("FDO_ERR_HTTP_BODY_KEY_UNKNOWN", 400, "unknown body keys");
