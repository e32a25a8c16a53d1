import { defineError } from "@fdo/sdk";

/**
 * A request's `path` or `filename` would put the file outside `EXTRACTOR_DIR` (`..`, an absolute path elsewhere, a
 * symbolic link leading out, a NUL) or is not a usable name. `details.field` names the body field.
 */
export const ExportPathInvalidError = defineError("FDO_ERR_EXTRACTOR_PATH_INVALID", 400, "the export path or file name is not allowed");

/** `EXTRACTOR_DIR` is missing, not a directory, or cannot be created. */
export const ExportDirUnavailableError = defineError("FDO_ERR_EXTRACTOR_DIR_UNAVAILABLE", 500, "the export directory is not available");
