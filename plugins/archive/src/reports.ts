// The per-subtask JSON of PATCH /api/tasks/archive: upstream's `{"result": "<text>"}`, plus facts for humans.
import type { MemberExpansion } from "@fdo/fusiondirectory";
import type { TaskPresenter } from "@fdo/sdk";
import type { ChildSubtask } from "./expansion.js";

/** Upstream's text for a user not in the rule's state (status `3`). */
export const NOT_MATCHING = "User does not meet the criteria for archiving.";

/** Archived (status `2`). */
export function archivedReport(userDn: string) {
  return { result: `User ${userDn} successfully archived.` };
}

/** Not archived; the status becomes `error`. Upstream's text for every failure, FusionDirectory's answer included. */
export function failedReport(error: string) {
  return { result: `Error archiving user: ${error}` };
}

/** Not in the state (status `3`); `reason` says what was found. */
export function notMatchingReport(reason: string) {
  return { result: NOT_MATCHING, reason };
}

/** Archived by an earlier subtask of the same run (status `2`); FusionDirectory was not asked twice. */
export function alreadyArchivedReport(userDn: string) {
  return { result: `User ${userDn} already archived by another subtask of this run.` };
}

/** A dry run: who would be archived, and by which value. */
export function wouldArchiveReport(userDn: string, matchedValue: string) {
  return { dryRun: true, result: `User ${userDn} would be archived.`, matchedValue };
}

/** How the member subtasks of a group went: added now, or already there from an earlier (or concurrent) run. */
export interface ChildrenAdded {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * A group subtask expanded (status `2`; the members' subtasks do the archiving). Missing members and groups nested
 * too deep are listed; in a dry run nothing is added and `created` lists what would be.
 */
export function expandedReport(groupDn: string, children: readonly ChildSubtask[], expansion: MemberExpansion, added: ChildrenAdded, dryRun: boolean) {
  const count = children.length;
  const verb = dryRun ? "would be expanded" : "expanded";
  return {
    ...(dryRun ? { dryRun: true } : {}),
    result: `Group ${groupDn} ${verb} into ${count} member subtask${count === 1 ? "" : "s"} (${added.created.length} new, ${added.existing.length} already present).`,
    members: children.map((child) => child.memberDn),
    created: [...added.created],
    alreadyPresent: [...added.existing],
    ...(expansion.missing.length > 0 ? { missingMembers: [...expansion.missing] } : {}),
    ...(expansion.tooDeep.length > 0 ? { groupsTooDeep: [...expansion.tooDeep] } : {}),
  };
}

/** A group with no member at all (status `3`). */
export function emptyGroupReason(groupDn: string): string {
  return `Group ${groupDn} has no members to archive`;
}

/** The archive task's account of one subtask. */
export type ArchiveDetail =
  | { readonly kind: "archived"; readonly userDn: string }
  | { readonly kind: "alreadyArchived"; readonly userDn: string }
  | { readonly kind: "wouldArchive"; readonly userDn: string; readonly matchedValue: string }
  | { readonly kind: "notMatching"; readonly reason: string }
  | {
      readonly kind: "expanded";
      readonly groupDn: string;
      readonly children: readonly ChildSubtask[];
      readonly expansion: MemberExpansion;
      readonly added: ChildrenAdded;
      readonly dryRun: boolean;
    }
  | { readonly kind: "failed"; readonly error: string };

/** Upstream's JSON of an archive subtask, keyed by its DN. */
export const presentArchive: TaskPresenter<ArchiveDetail, unknown> = {
  subtask({ detail }) {
    switch (detail.kind) {
      case "archived":
        return archivedReport(detail.userDn);
      case "alreadyArchived":
        return alreadyArchivedReport(detail.userDn);
      case "wouldArchive":
        return wouldArchiveReport(detail.userDn, detail.matchedValue);
      case "notMatching":
        return notMatchingReport(detail.reason);
      case "expanded":
        return expandedReport(detail.groupDn, detail.children, detail.expansion, detail.added, detail.dryRun);
      case "failed":
        return failedReport(detail.error);
    }
  },
};
