// The task types of both flavours: the request's path and file name are checked before any subtask is claimed (a
// refused one is a 400 and nothing is written), old files are pruned, then each due subtask is processed.
import path from "node:path";
import { defineTaskType, pluginConfigRef, services, subtaskServices, type TaskRun } from "@fdo/sdk";
import { DEFAULT_EXPORT_DIR, type ExtractorConfig, extractorConfig } from "./config.js";
import { ExportRun, type ExportTarget } from "./export-run.js";
import type { ExportFlavour } from "./flavours.js";
import { openExportRoot, requestedFileBase, requestedSegments, resolveExportDirectory } from "./output-path.js";
import { presentExport } from "./present.js";
import { readExportRequest } from "./request-body.js";
import { pruneExports } from "./retention.js";

/** Where the run writes. A dry run creates nothing: it checks the request and names the directory. */
async function exportTarget(run: TaskRun, config: ExtractorConfig): Promise<ExportTarget> {
  const request = readExportRequest(run.body);
  const fileBase = request.filename === undefined ? undefined : requestedFileBase(request.filename);
  const root = await openExportRoot(config.directory, config.directory === DEFAULT_EXPORT_DIR && !run.dryRun);
  if (run.dryRun) return { directory: path.join(root.real, ...(request.path === undefined ? [] : requestedSegments(root, request.path))), fileBase };
  return { directory: await resolveExportDirectory(root, request.path), fileBase };
}

/** `PATCH /api/tasks/<flavour>`: writes the due subtasks' CSV files under EXTRACTOR_DIR and mails them. */
export function exportTaskType(flavour: ExportFlavour) {
  return defineTaskType({
    segment: flavour.segment,
    granularTypes: flavour.granularTypes,
    description: `write and mail the CSV files of the due ${flavour.segment} subtasks (FD 1.6 '${flavour.granularTypes.join("', '")}')`,
    bodyKeys: ["path", "filename"],
    deps: { ...subtaskServices, outbox: services.outbox, clock: services.clock, config: pluginConfigRef(extractorConfig) },
    async run(run, { runner, directory, tasks, logger, outbox, clock, config }) {
      const target = await exportTarget(run, config);
      if (!run.dryRun) {
        const pruned = await pruneExports(config.directory, config.retentionDays, clock.now());
        if (pruned.removed.length > 0) logger.info("old export files deleted", { files: pruned.removed });
        for (const failure of pruned.failed) logger.warn("could not delete an old export file", failure);
      }
      return outbox.session(run, { enforceInterval: false }, (mail) => {
        const exportRun = new ExportRun({ directory, tasks, logger }, flavour, target, mail);
        return runner.forEachDue(run, (subtask, context) => exportRun.process(subtask, context));
      });
    },
    present: presentExport(flavour),
  });
}
