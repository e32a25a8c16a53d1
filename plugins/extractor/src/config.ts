import { field, type InferConfig } from "@fdo/sdk";

/** Where export files go when `EXTRACTOR_DIR` is not set; created on first use. */
export const DEFAULT_EXPORT_DIR = "/var/lib/fusiondirectory-orchestrator/exports";

/** The Extractor plugin's keys in orchestrator.conf (they serve both the extractor and the export task types). */
export const extractorConfig = {
  directory: field.string({
    key: "EXTRACTOR_DIR",
    description: `directory every export file is written under; a request's "path" is a sub-directory of it. Must exist when set; the default is created on first use`,
    default: DEFAULT_EXPORT_DIR,
    pattern: /^\//,
    patternHint: "must be an absolute path",
  }),
  retentionDays: field.integer({
    key: "EXTRACTOR_RETENTION_DAYS",
    description: "export files older than this many days are deleted at the start of each run; 0 keeps them for ever",
    default: 30,
    min: 0,
    max: 36_500,
  }),
};

export type ExtractorConfig = InferConfig<typeof extractorConfig>;
