// Extractor (FD 1.6 development branch) and its later name, Export: the same feature with the same LDAP OIDs, two
// URL segments, two subtask types and slightly different texts. One plugin serves both; this table is the difference.

/** `fdTasksGranularDN` of the one subtask FusionDirectory creates per extractor task. */
export const BULK_EXTRACTOR_MARKER = "bulkExtractorTask";

/** Who receives the file. */
export type RecipientSource =
  /** The main task's recipients (`fdExtractorListOfRecipientsMails`, `fdExtractorRecipientsMembers`), one subtask per task. */
  | "task"
  /** The subtask's `fdTasksGranularDN` user, one subtask per recipient. */
  | "subtask";

/** One of the two task types and its upstream texts. */
export interface ExportFlavour {
  readonly segment: string;
  readonly granularTypes: readonly string[];
  readonly recipients: RecipientSource;
  /** `Batch <noun> successful to <file>...` */
  readonly noun: string;
  readonly subject: string;
  /** `Your requested <thing> is attached.` */
  readonly thing: string;
  /** Body `{"status": ...}` when no subtask was processed. */
  readonly nothingToProcess: string;
  /** When no listed user could be read. */
  readonly noAttributes: string;
  /** Prefix of the result of a subtask that failed. */
  readonly errorPrefix: string;
}

/** `PATCH <base>/api/tasks/extractor`: subtasks `extract` marked `bulkExtractorTask`, mailed to the task's recipients. */
export const EXTRACTOR: ExportFlavour = {
  segment: "extractor",
  granularTypes: ["extract"],
  recipients: "task",
  noun: "extraction",
  subject: "FusionDirectory Extractor - Export file",
  thing: "extract",
  nothingToProcess: "No tasks to process for extractor.",
  noAttributes: "No user attributes could be extracted.",
  errorPrefix: "Error processing extractor task: ",
};

/** `PATCH <base>/api/tasks/export`: subtasks `export`, one per recipient user. */
export const EXPORT: ExportFlavour = {
  segment: "export",
  granularTypes: ["export"],
  recipients: "subtask",
  noun: "export",
  subject: "FusionDirectory Export - Export file",
  thing: "export",
  nothingToProcess: "No tasks to process for export.",
  noAttributes: "No user attributes can be exported.",
  errorPrefix: "Error processing export task: ",
};

/** Both task types. */
export const FLAVOURS: readonly ExportFlavour[] = [EXTRACTOR, EXPORT];

/**
 * Whether an extractor subtask is the extraction (`fdTasksGranularDN` = `bulkExtractorTask`); any other `extract`
 * subtask is not one FusionDirectory creates (upstream silently left it pending for ever). Export subtasks name their
 * recipient instead and are all processed.
 */
export function isExtraction(flavour: ExportFlavour, granularDn: string | undefined): boolean {
  return flavour.recipients === "subtask" || granularDn?.trim() === BULK_EXTRACTOR_MARKER;
}
