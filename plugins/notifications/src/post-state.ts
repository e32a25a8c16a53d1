// FD 1.6's optional post-state: once a notification is sent, each user it lists is put in the main task's SupAnn
// state `{fdTasksNotificationsPostResource}fdTasksNotificationsPostState[:fdTasksNotificationsPostSubState]`,
// through FusionDirectory's REST user tab `supannAccountStatus` (so FusionDirectory re-derives what depends on it).
import { describeFdAnswer, fdObjectPath, formatSupannState, formatSupannValue, isFdSuccess, parseSupannValue, readSupannTarget, type SupannState } from "@fdo/fusiondirectory";
import { type DirectoryEntry, errorText, type FusionDirectoryClient, type FusionDirectoryRequest } from "@fdo/sdk";
import type { PostStateReport } from "./reports.js";

/** The user tab and attribute the post-state is written to. */
const TAB = "supannAccountStatus";
const ATTRIBUTE = "supannRessourceEtatDate";
/** A post resource equal to this (or empty) means "no post-state", like `fdTasksNotificationsResource`. */
const NO_RESOURCE = "NONE";

/** A main task's post-state: none, the target, or why it cannot be read. */
export type PostStateRule = { readonly kind: "none" } | { readonly kind: "target"; readonly target: SupannState } | { readonly kind: "invalid"; readonly error: string };

/**
 * Reads the post-state of a notifications main task. Without a post resource (absent, empty, `NONE`) and post state
 * there is none, as upstream (FD 1.5 has no such attributes); a malformed one is an error naming the attribute.
 */
export function readPostState(entry: DirectoryEntry): PostStateRule {
  const resource = entry.first("fdTasksNotificationsPostResource")?.trim() ?? "";
  const state = entry.first("fdTasksNotificationsPostState")?.trim() ?? "";
  if ((resource === "" || resource === NO_RESOURCE) && state === "") return { kind: "none" };
  const read = readSupannTarget(entry, { resource: ["fdTasksNotificationsPostResource"], state: ["fdTasksNotificationsPostState"], subState: ["fdTasksNotificationsPostSubState"] });
  if (!read.ok) return { kind: "invalid", error: read.error };
  return { kind: "target", target: { ...read.target, subState: read.target.subState ?? "" } };
}

/**
 * The call that puts a user whose tab holds `current` in `target`, or `undefined` when they already are:
 * - no value at all: `PATCH /objects/user/<dn>` enabling the tab with `{R}S:SUB::` (upstream's body);
 * - otherwise one `PUT /objects/user/<dn>/supannAccountStatus/supannRessourceEtatDate` with every value, those of
 *   the resource R rewritten to the post state and sub-state (their dates kept), or `{R}S:SUB::` added when the user
 *   has none of R. Values of other resources, readable or not, are sent back as they were.
 */
export function postStateRequest(userDn: string, current: readonly string[], target: SupannState): FusionDirectoryRequest | undefined {
  const fresh = formatSupannValue({ ...target, start: "", end: "" });
  if (current.length === 0) return { method: "PATCH", path: fdObjectPath("user", userDn), body: { supannAccount: [], [TAB]: { [ATTRIBUTE]: [fresh] } } };
  let found = false;
  const next = current.map((raw) => {
    const parsed = parseSupannValue(raw, { lenient: true });
    if (!parsed.ok || parsed.value.resource !== target.resource) return raw;
    found = true;
    return formatSupannValue({ ...parsed.value, state: target.state, subState: target.subState });
  });
  if (!found) next.push(fresh);
  if (next.every((value, index) => value === current[index]) && next.length === current.length) return undefined;
  return { method: "PUT", path: `${fdObjectPath("user", userDn)}/${TAB}/${ATTRIBUTE}`, body: next };
}

/** The tab's `supannRessourceEtatDate` values as FusionDirectory answers them (a list, one string, or nothing). */
function tabValues(body: unknown): string[] {
  const values = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[ATTRIBUTE] : undefined;
  if (typeof values === "string") return values === "" ? [] : [values];
  return Array.isArray(values) ? values.filter((value): value is string => typeof value === "string" && value !== "") : [];
}

/** What applying the post-state to one user came to. */
export type PostStateResult = { readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly error: string };

/** Reads the user's tab, then writes the post-state when the user is not in it yet. Never throws. */
export async function applyPostState(client: FusionDirectoryClient, userDn: string, target: SupannState): Promise<PostStateResult> {
  try {
    const tab = await client.call({ method: "GET", path: `${fdObjectPath("user", userDn)}/${TAB}` });
    if (!isFdSuccess(tab)) return { ok: false, error: `reading its ${TAB} tab: ${describeFdAnswer(tab)}` };
    const request = postStateRequest(userDn, tabValues(tab.body), target);
    if (request === undefined) return { ok: true, changed: false };
    const written = await client.call(request);
    return isFdSuccess(written) ? { ok: true, changed: true } : { ok: false, error: `${request.method} ${ATTRIBUTE}: ${describeFdAnswer(written)}` };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

/** How a subtask reports the post-state of its users, and the warnings of those it could not be applied to. */
export interface SubtaskPostState {
  readonly report: PostStateReport;
  readonly warnings: readonly string[];
}

/**
 * The post-state part of one subtask's outcome: `resultOf` each user DN after a sent notification, or `undefined` in
 * a dry run (nothing is read or written, each user "would be applied").
 */
export function subtaskPostState(rule: Exclude<PostStateRule, { kind: "none" }>, userDns: readonly string[], resultOf: ((dn: string) => PostStateResult | undefined) | undefined): SubtaskPostState {
  if (rule.kind === "invalid") return { report: { error: rule.error }, warnings: [`Post-state not applied: ${rule.error}`] };
  const state = formatSupannState(rule.target);
  const users: Record<string, string> = {};
  const warnings: string[] = [];
  for (const dn of userDns) {
    if (resultOf === undefined) {
      users[dn] = "would be applied";
      continue;
    }
    const result: PostStateResult = resultOf(dn) ?? { ok: false, error: "not attempted" };
    if (result.ok) users[dn] = result.changed ? "applied" : "already in this state";
    else {
      users[dn] = `not applied: ${result.error}`;
      warnings.push(`Post-state ${state} not applied to ${dn}: ${result.error}`);
    }
  }
  return { report: { state, users }, warnings };
}
