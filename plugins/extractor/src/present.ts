// Upstream's answer of PATCH /api/tasks/extractor and /export: `{"<subtask dn>": {"result": "<text>"}}`, or
// `{"status": "No tasks to process for …"}` when no subtask was processed.
import type { SubtaskOutcome, TaskPresenter } from "@fdo/sdk";
import type { ExportDetail } from "./export-run.js";
import type { ExportFlavour } from "./flavours.js";
import { dryRunReport, nothingToProcess } from "./reports.js";

function subtaskJson(flavour: ExportFlavour, outcome: SubtaskOutcome<ExportDetail>): unknown {
  const { detail } = outcome;
  if (detail?.kind === "planned") return dryRunReport(flavour, detail.directory, detail.users, detail.columns, detail.recipients);
  if (detail?.kind === "result") return { result: detail.text };
  // Held back (mail cap, shutdown) or thrown: the engine's reason.
  return outcome.kind === "failed" ? { result: outcome.error } : { result: "reason" in outcome ? outcome.reason : outcome.kind, outcome: outcome.kind };
}

/** The presenter of one flavour. */
export function presentExport(flavour: ExportFlavour): TaskPresenter<ExportDetail, unknown> {
  return {
    run(report) {
      if (report.results.size === 0) return nothingToProcess(flavour);
      return Object.fromEntries([...report.results].map(([dn, outcome]) => [dn, subtaskJson(flavour, outcome)]));
    },
  };
}
