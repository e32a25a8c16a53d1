// What a syslog export subtask came to, and its per-subtask JSON (upstream's `message`/`Error` texts).
import type { SubtaskOutcome } from "@fdo/sdk";
import type { SyslogFormat } from "./syslog-format.js";

/** Upstream's text when no event is new. */
export const NOTHING_TO_EXPORT = "No audit entries found to transform";

/** Events whose `fdAuditDateTime` cannot be read: never exported. */
export interface UnparsableEvents {
  readonly count: number;
  /** The first ones, `<dn> (fdAuditDateTime "<value>")`. */
  readonly samples: readonly string[];
}

/** The facts of one export, reported with every outcome. */
export interface ExportFacts {
  readonly exported: number;
  readonly file: string;
  readonly format: SyslogFormat;
  readonly unparsable: UnparsableEvents;
}

/** The syslog export's account of one subtask. */
export type SyslogDetail =
  | { readonly kind: "exported"; readonly facts: ExportFacts }
  | { readonly kind: "nothingNew"; readonly facts: ExportFacts }
  | { readonly kind: "exportAborted"; readonly facts: ExportFacts }
  | { readonly kind: "exportBusy" }
  | { readonly kind: "exportFailed"; readonly error: string; readonly message: string };

type SyslogOutcome = SubtaskOutcome<SyslogDetail>;

export function exportOutcome(aborted: boolean, facts: ExportFacts): SyslogOutcome {
  if (aborted) return { kind: "skipped", reason: "run aborted", detail: { kind: "exportAborted", facts } };
  if (facts.exported === 0) return { kind: "nothing", reason: NOTHING_TO_EXPORT, detail: { kind: "nothingNew", facts } };
  return { kind: "done", detail: { kind: "exported", facts } };
}

/** The status becomes `error`; `message` is upstream's text around it. */
export function exportFailed(error: string, message: string): SyslogOutcome {
  return { kind: "failed", error, detail: { kind: "exportFailed", error, message } };
}

export function exportBusy(folder: string): SyslogOutcome {
  return { kind: "skipped", reason: `another syslog export is writing to ${folder}`, detail: { kind: "exportBusy" } };
}

/** The JSON of one syslog export subtask, `dn` first as upstream listed it. */
export function syslogJson(detail: SyslogDetail, dn: string, dryRun: boolean, removed: boolean): unknown {
  switch (detail.kind) {
    case "exportBusy":
      return { dn, skipped: "another syslog export is running" };
    case "exportAborted":
      return { dn, skipped: "run aborted", exported: detail.facts.exported, file: detail.facts.file };
    case "exportFailed":
      return { dn, message: detail.message, statusUpdate: !dryRun, Error: [detail.error] };
    case "nothingNew":
      return { dn, message: NOTHING_TO_EXPORT, nothingToDo: NOTHING_TO_EXPORT, ...(removed ? { Removed: !dryRun } : {}), ...skippedEvents(detail.facts.unparsable) };
    case "exported": {
      const { exported, file, format } = detail.facts;
      const message = dryRun ? `${exported} audit entries would be transformed to syslog format in ${file}` : `Successfully transformed ${exported} audit entries to syslog format in ${file}`;
      return { dn, message, exported, file, format, ...skippedEvents(detail.facts.unparsable) };
    }
  }
}

function skippedEvents(unparsable: UnparsableEvents) {
  return unparsable.count === 0 ? {} : { skippedUnparsable: unparsable.count, unparsable: unparsable.samples };
}
