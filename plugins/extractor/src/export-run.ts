// One PATCH /api/tasks/extractor or /export: each due subtask writes its task's CSV under the export directory and
// mails it, as an attachment, through the host's outbox (anti-spam cap, at most once).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_MAX_GROUP_DEPTH, mainTaskRules } from "@fdo/fusiondirectory";
import { type Directory, type DirectoryEntry, errorText, heldBackOutcome, type Logger, type MailSession, type Subtask, type SubtaskContext, type SubtaskOutcome, type TaskStore } from "@fdo/sdk";
import { allColumns, selectedColumns } from "./columns.js";
import { csvLines } from "./csv.js";
import { type ExportFile, writeExportFile } from "./export-file.js";
import { type ExportFlavour, isExtraction } from "./flavours.js";
import { exportMail } from "./message.js";
import { taskFileBase } from "./output-path.js";
import { resolveRecipients } from "./recipients.js";
import { failedText, mailFailedText, NO_USER_DNS, noAttributesText, writeFailedText, writtenText } from "./reports.js";
import { type ExportTask, type ExportTaskResult, readExportTask } from "./task-spec.js";
import { peopleToExtract, readPeople } from "./users.js";

/** What a subtask came to: upstream's result text, or a dry run's plan. */
export type ExportDetail =
  | { readonly kind: "result"; readonly text: string }
  | { readonly kind: "planned"; readonly directory: string; readonly users: readonly string[]; readonly columns: readonly string[] | "ALL"; readonly recipients: readonly string[] };

type ExportOutcome = SubtaskOutcome<ExportDetail>;

/** Status `2` with upstream's text. */
const done = (text: string): ExportOutcome => ({ kind: "done", detail: { kind: "result", text } });
/** The text becomes the status (restartable), as upstream. */
const failed = (text: string): ExportOutcome => ({ kind: "failed", error: text, detail: { kind: "result", text } });

/** Where this run writes, decided (and checked) before any subtask is claimed. */
export interface ExportTarget {
  readonly directory: string;
  /** The request's `filename`, or `undefined` for the task's cn. */
  readonly fileBase: string | undefined;
}

/** The services one run uses. */
export interface ExportServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
}

export class ExportRun {
  readonly #task: (masterDn: string) => Promise<ExportTaskResult | undefined>;

  constructor(
    private readonly services: ExportServices,
    private readonly flavour: ExportFlavour,
    private readonly target: ExportTarget,
    private readonly mail: MailSession,
  ) {
    this.#task = mainTaskRules(services.tasks, readExportTask);
  }

  async process(subtask: Subtask, context: SubtaskContext): Promise<ExportOutcome> {
    const granularDn = subtask.entry.first("fdTasksGranularDN");
    // Upstream only processes the bulkExtractorTask subtask; any other `extract` subtask stays pending (status 1).
    if (!isExtraction(this.flavour, granularDn)) return { kind: "skipped", reason: `not an extraction subtask: fdTasksGranularDN is ${JSON.stringify(granularDn ?? "")}, not bulkExtractorTask` };
    if (subtask.masterDn === "") return failed(failedText(this.flavour, "No main task: fdTasksGranularMaster is empty"));
    const read = await this.#task(subtask.masterDn);
    if (read === undefined) return failed(failedText(this.flavour, `Main task not found: ${subtask.masterDn}`));
    if (!read.ok) return failed(failedText(this.flavour, read.error));
    const task = read.task;
    for (const warning of task.warnings) this.services.logger.warn(warning, { task: task.dn });

    const readEntry = (dn: string, attributes: readonly string[]) => this.services.directory.read(dn, attributes);
    const people = await peopleToExtract(task.memberDns, readEntry, DEFAULT_MAX_GROUP_DEPTH);
    if (people.dns.length === 0) return done(NO_USER_DNS);
    const recipients = await this.#recipients(task, granularDn ?? "");
    if (context.dryRun) {
      const columns = task.selection.all ? "ALL" : selectedColumns(task.selection.attributes);
      return { kind: "done", detail: { kind: "planned", directory: this.target.directory, users: people.dns, columns, recipients } };
    }

    const errors = [...people.errors];
    const entries: DirectoryEntry[] = [];
    for await (const entry of readPeople(people.dns, task.selection, readEntry, errors)) entries.push(entry);
    if (entries.length === 0) return done(noAttributesText(this.flavour, errors));
    const columns = task.selection.all ? allColumns(entries) : selectedColumns(task.selection.attributes);
    const base = this.target.fileBase ?? taskFileBase(task.name);
    let file: ExportFile;
    try {
      file = await writeExportFile(this.target.directory, base, context.now, csvLines(columns, entries));
    } catch (error) {
      this.services.logger.error("could not write the export file", { task: task.dn, directory: this.target.directory, error: errorText(error) });
      return failed(writeFailedText(path.join(this.target.directory, base)));
    }
    this.services.logger.info("export file written", { task: task.dn, file: file.path, bytes: file.bytes, rows: entries.length });
    if (task.sender === undefined || recipients.length === 0) return done(writtenText(this.flavour, file.path, false, errors));
    return this.#mail(task.sender, recipients, file, subtask, context, errors);
  }

  async #mail(sender: string, recipients: readonly string[], file: ExportFile, subtask: Subtask, context: SubtaskContext, errors: readonly string[]): Promise<ExportOutcome> {
    const result = await this.mail.send({
      recipients,
      guard: context,
      logFields: { dn: subtask.dn, file: file.path },
      prepare: async () => {
        const content = exportMail(this.flavour, file, await readFile(file.path));
        return { messages: [{ from: sender, to: recipients, ...content }] };
      },
    });
    switch (result.kind) {
      case "sent":
        return done(writtenText(this.flavour, file.path, true, [...errors, ...result.errors]));
      case "failed":
        return failed(mailFailedText(this.flavour, file.path, result.errors[0]));
      case "unprepared":
        return failed(mailFailedText(this.flavour, file.path, result.error));
      default:
        return heldBackOutcome(result) ?? failed(mailFailedText(this.flavour, file.path, `mail not sent: ${result.kind}`));
    }
  }

  /** Extractor: the task's recipients; export: the subtask's user. */
  async #recipients(task: ExportTask, granularDn: string): Promise<readonly string[]> {
    const readEntry = (dn: string, attributes: readonly string[]) => this.services.directory.read(dn, attributes);
    const [addresses, dns] = this.flavour.recipients === "task" ? [task.recipientAddresses, task.recipientDns] : [[], [granularDn.trim()]];
    const resolved = await resolveRecipients(addresses, dns, task.emailAttribute, readEntry, DEFAULT_MAX_GROUP_DEPTH);
    if (resolved.unresolved.length > 0) this.services.logger.warn("recipients without a usable address", { task: task.dn, recipients: resolved.unresolved });
    return resolved.addresses;
  }
}
