// One PATCH /api/tasks/archive: each due subtask's target is expanded (a group) or checked and archived (a user).

import { mainTaskRules } from "@fdo/fusiondirectory";
import {
  type Directory,
  dnKey,
  errorText,
  type FusionDirectoryClient,
  isOrchestratorError,
  LdapAlreadyExistsError,
  type Logger,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  type TaskStore,
} from "@fdo/sdk";
import { archiveRequest, readArchiveAnswer } from "./archive-call.js";
import { type ChildSubtask, planArchiveTarget } from "./expansion.js";
import { ARCHIVE_STATE_ATTRIBUTE, archivingValue, notMatchingReason } from "./match.js";
import { type ArchiveDetail, type ChildrenAdded, emptyGroupReason } from "./reports.js";
import { type ArchiveRuleResult, readArchiveRule } from "./rule.js";

/** The services one run uses. */
export interface ArchiveServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly fusionDirectory: FusionDirectoryClient;
  readonly logger: Logger;
}

type ArchiveOutcome = SubtaskOutcome<ArchiveDetail>;

const failed = (error: string): ArchiveOutcome => ({ kind: "failed", error, detail: { kind: "failed", error } });
const alreadyArchived = (userDn: string): ArchiveOutcome => ({ kind: "done", detail: { kind: "alreadyArchived", userDn } });

/** The rules read so far in this run (each main task read once). */
export class ArchiveRun {
  readonly #rule: (masterDn: string) => Promise<ArchiveRuleResult | undefined>;
  /**
   * Whether each user (by DN key) ended archived in this run. FusionDirectory deletes an archived user, so a second
   * subtask on the same user (two groups naming them, a group and the user) waits for the first and is not sent.
   */
  readonly #archivedInRun = new Map<string, Promise<boolean>>();

  constructor(
    private readonly services: ArchiveServices,
    private readonly maxGroupDepth: number,
  ) {
    this.#rule = mainTaskRules(services.tasks, readArchiveRule);
  }

  async process(subtask: Subtask, context: SubtaskContext): Promise<ArchiveOutcome> {
    const targetDn = subtask.entry.first("fdTasksGranularDN")?.trim() ?? "";
    if (targetDn === "") return failed("No user: fdTasksGranularDN is empty");
    if (subtask.masterDn === "") return failed("No main task: fdTasksGranularMaster is empty");
    const rule = await this.#rule(subtask.masterDn);
    if (rule === undefined) return failed(`Main task not found: ${subtask.masterDn}`);
    if (!rule.ok) return failed(rule.error);

    const read = (dn: string, attributes: readonly string[]) => this.services.directory.read(dn, attributes);
    const target = await planArchiveTarget(subtask, targetDn, read, this.maxGroupDepth);
    switch (target.kind) {
      case "missing":
        if (await this.#archivedInRun.get(dnKey(targetDn))) return alreadyArchived(targetDn);
        return failed(`User not found: ${targetDn}`);
      case "group": {
        if (target.children.length === 0) return { kind: "nothing", reason: emptyGroupReason(targetDn) };
        const added = context.dryRun ? { created: target.children.map((child) => child.dn), existing: [] } : await this.#addChildren(target.children);
        return { kind: "done", detail: { kind: "expanded", groupDn: targetDn, children: target.children, expansion: target.expansion, added, dryRun: context.dryRun } };
      }
      case "user": {
        const values = target.entry.values(ARCHIVE_STATE_ATTRIBUTE);
        const matchedValue = archivingValue(values, rule.rule);
        if (matchedValue === undefined) {
          const reason = notMatchingReason(targetDn, values, rule.rule);
          return { kind: "nothing", reason, detail: { kind: "notMatching", reason } };
        }
        if (context.dryRun) return { kind: "done", detail: { kind: "wouldArchive", userDn: targetDn, matchedValue } };
        return this.#archiveOnce(targetDn, subtask, context);
      }
    }
  }

  /** Archives a user unless an earlier subtask of this run did; subtasks on one user run one after the other. */
  #archiveOnce(userDn: string, subtask: Subtask, context: SubtaskContext): Promise<ArchiveOutcome> {
    const key = dnKey(userDn);
    const earlier = this.#archivedInRun.get(key) ?? Promise.resolve(false);
    const outcome = earlier.then((archived) => (archived ? alreadyArchived(userDn) : this.#archive(userDn, subtask, context)));
    this.#archivedInRun.set(
      key,
      outcome.then(
        (settled) => settled.detail?.kind === "archived" || settled.detail?.kind === "alreadyArchived",
        () => false,
      ),
    );
    return outcome;
  }

  async #archive(userDn: string, subtask: Subtask, context: SubtaskContext): Promise<ArchiveOutcome> {
    // FusionDirectory moves the user away: from here a crash must leave the subtask failed, never archive twice.
    await context.markIrreversible();
    let status: number;
    try {
      status = (await this.services.fusionDirectory.call(archiveRequest(userDn))).status;
    } catch (error) {
      this.services.logger.warn("archiving through FusionDirectory failed", { dn: userDn, subtask: subtask.dn, error: errorText(error) });
      return failed(errorText(error));
    }
    const answer = readArchiveAnswer(status);
    if (!answer.archived) return failed(answer.error);
    this.services.logger.info("user archived", { dn: userDn, subtask: subtask.dn });
    return { kind: "done", detail: { kind: "archived", userDn } };
  }

  /** Adds the member subtasks; one already there (an earlier or concurrent run) is counted, not an error. */
  async #addChildren(children: readonly ChildSubtask[]): Promise<ChildrenAdded> {
    const created: string[] = [];
    const existing: string[] = [];
    for (const child of children) {
      try {
        await this.services.directory.add(child.dn, child.attributes);
        created.push(child.dn);
      } catch (error) {
        if (!isOrchestratorError(error) || error.code !== LdapAlreadyExistsError.code) throw error;
        existing.push(child.dn);
      }
    }
    return { created, existing };
  }
}
