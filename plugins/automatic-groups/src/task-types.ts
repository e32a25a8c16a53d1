// One URL segment, two jobs chosen by the body, each with the subtask type spellings found upstream: what
// FusionDirectory 1.6 writes (`automaticGroups`, `automaticGroupsDynamic`) and what one orchestrator revision
// searched for (`Automatic Groups`, `Dynamic-Group`).
import { HttpBadRequestError } from "@fdo/sdk";

/** `PATCH|GET <base>/api/tasks/automaticGroups`. */
export const AUTOMATIC_GROUPS_SEGMENT = "automaticGroups";
/** Membership sync subtasks, one per user. */
export const MEMBERSHIP_TYPES: readonly string[] = ["automaticGroups", "Automatic Groups"];
/** Dynamic group creation subtasks, one per task. */
export const DYNAMIC_GROUP_TYPES: readonly string[] = ["automaticGroupsDynamic", "Dynamic-Group"];
/** Every spelling served. */
export const ALL_TYPES: readonly string[] = [...MEMBERSHIP_TYPES, ...DYNAMIC_GROUP_TYPES];
/** `fdTasksGranularDN` of a dynamic group subtask. */
export const DYNAMIC_GROUP_MARKER = "dynamicGroupTask";

/** What `PATCH /api/tasks/automaticGroups` does. */
export type AutomaticGroupsMode = "membership" | "dynamic-group";

/** The subtask types a mode processes. */
export function typesOf(mode: AutomaticGroupsMode): readonly string[] {
  return mode === "dynamic-group" ? DYNAMIC_GROUP_TYPES : MEMBERSHIP_TYPES;
}

/**
 * Reads `{"type": "dynamic-group"}` (the official client's `--automatic-groups dynamic-group`). No body, `{}` or no
 * `type` is membership sync, as upstream; an unknown `type` is a 400 instead of upstream's silent membership sync.
 */
export function requestMode(body: unknown): AutomaticGroupsMode {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) return "membership";
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new HttpBadRequestError('the request body must be a JSON object such as {"type": "dynamic-group"}');
  }
  const type = (body as Record<string, unknown>)["type"];
  if (type === undefined || type === null || type === "" || type === "membership") return "membership";
  if (type === "dynamic-group") return "dynamic-group";
  throw new HttpBadRequestError(`unknown automatic groups type ${JSON.stringify(type)}: use "dynamic-group", or no type for membership sync`);
}
