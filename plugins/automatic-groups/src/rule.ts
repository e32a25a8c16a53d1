// An Automatic Groups main task (`objectClass=fdTasksAutomaticGroups`) read into its membership rule or its dynamic
// group settings. The watched state is read from the `…Pre…` attributes upstream used, or from the plain
// `…Resource` / `…State` / `…SubState` ones the schema also declares.
import { hasObjectClass, looksLikeDn, readSupannTarget, type SupannTarget, valuesOfAny } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import { compilePattern, NO_RESOURCE, PATTERN_ATTRIBUTE, REGEX_TOKEN, type ResourcePattern } from "./resources.js";

/** Attribute spellings of the watched state, preferred first. */
export const STATE_ATTRIBUTES = {
  resource: ["fdTasksAutomaticGroupsPreResource", "fdTasksAutomaticGroupsResource"],
  state: ["fdTasksAutomaticGroupsPreState", "fdTasksAutomaticGroupsState"],
  subState: ["fdTasksAutomaticGroupsPreSubState", "fdTasksAutomaticGroupsSubState"],
} as const;

export const TARGET_GROUP_ATTRIBUTE = "fdTasksAutomaticGroupsOfName";
export const DYNAMIC_NAME_ATTRIBUTE = "fdTasksAutomaticGroupsDynamicName";
export const DYNAMIC_URL_ATTRIBUTE = "fdTasksAutomaticGroupsDynamicURL";

/** Every attribute to read on the main task. */
export const MAIN_TASK_ATTRIBUTES: readonly string[] = [
  "objectClass",
  "cn",
  TARGET_GROUP_ATTRIBUTE,
  ...Object.values(STATE_ATTRIBUTES).flat(),
  PATTERN_ATTRIBUTE,
  "fdTasksAutomaticGroupsDynamicGroup",
  DYNAMIC_NAME_ATTRIBUTE,
  DYNAMIC_URL_ATTRIBUTE,
  "fdTasksRepeatable",
  "fdTasksRepeatableSchedule",
];

/**
 * Who belongs in the target group. `none`: the resource is `NONE` (or absent), so nothing is decided, as upstream.
 * `state`: users in `target`. `pattern`: users in `target` with `REGEX` in its resource replaced by any known resource
 * name the pattern matches.
 */
export type MembershipRule =
  | { readonly kind: "none"; readonly targetGroup: string }
  | { readonly kind: "state"; readonly targetGroup: string; readonly target: SupannTarget }
  | { readonly kind: "pattern"; readonly targetGroup: string; readonly target: SupannTarget; readonly pattern: ResourcePattern };

/** The dynamic groups a task creates: `name` and `url` as written, expanded per resource when there is a pattern. */
export interface DynamicGroupRule {
  readonly name: string;
  readonly url: string;
  readonly pattern: ResourcePattern | undefined;
}

export type RuleResult<T> = { readonly ok: true; readonly rule: T } | { readonly ok: false; readonly error: string };

class RuleError extends Error {}

const quote = (value: string): string => JSON.stringify(value);

function first(entry: DirectoryEntry, attribute: string): string {
  return entry.first(attribute)?.trim() ?? "";
}

function checkTask(entry: DirectoryEntry): void {
  if (!hasObjectClass(entry, "fdTasksAutomaticGroups")) throw new RuleError("it is not an automatic groups task (no objectClass fdTasksAutomaticGroups)");
}

function pattern(entry: DirectoryEntry): ResourcePattern | undefined {
  const source = first(entry, PATTERN_ATTRIBUTE);
  if (source === "") return undefined;
  const compiled = compilePattern(source);
  if (!compiled.ok) throw new RuleError(compiled.error);
  return compiled.pattern;
}

function read<T>(entry: DirectoryEntry, build: () => T): RuleResult<T> {
  try {
    checkTask(entry);
    return { ok: true, rule: build() };
  } catch (error) {
    if (error instanceof RuleError) return { ok: false, error: `Automatic groups task ${entry.dn}: ${error.message}` };
    throw error;
  }
}

/**
 * Reads the membership rule. Stricter than upstream, which silently did nothing: a resource without a state, a
 * `REGEX` resource without a pattern, a refused pattern or a target that is not a DN is an error naming the
 * attribute. A pattern with a resource that has no `REGEX` in it plays no part.
 */
export function readMembershipRule(entry: DirectoryEntry): RuleResult<MembershipRule> {
  return read(entry, (): MembershipRule => {
    const targetGroup = first(entry, TARGET_GROUP_ATTRIBUTE);
    if (targetGroup === "") throw new RuleError(`${TARGET_GROUP_ATTRIBUTE} is missing`);
    if (!looksLikeDn(targetGroup)) throw new RuleError(`${TARGET_GROUP_ATTRIBUTE} ${quote(targetGroup)} is not a DN`);
    const resource = valuesOfAny(entry, STATE_ATTRIBUTES.resource)?.values[0] ?? "";
    if (resource === "" || resource === NO_RESOURCE) return { kind: "none", targetGroup };
    const watched = readSupannTarget(entry, STATE_ATTRIBUTES);
    if (!watched.ok) throw new RuleError(watched.error);
    if (!watched.target.resource.includes(REGEX_TOKEN)) return { kind: "state", targetGroup, target: watched.target };
    const compiled = pattern(entry);
    if (compiled === undefined) throw new RuleError(`the resource is ${quote(watched.target.resource)} but ${PATTERN_ATTRIBUTE} is missing`);
    return { kind: "pattern", targetGroup, target: watched.target, pattern: compiled };
  });
}

/** Reads the dynamic group settings: name and URL are required (upstream: "Missing required parameters..."). */
export function readDynamicGroupRule(entry: DirectoryEntry): RuleResult<DynamicGroupRule> {
  return read(entry, (): DynamicGroupRule => {
    const name = first(entry, DYNAMIC_NAME_ATTRIBUTE);
    const url = first(entry, DYNAMIC_URL_ATTRIBUTE);
    if (name === "" || url === "") throw new RuleError(`Missing required parameters for dynamic group creation (${name === "" ? DYNAMIC_NAME_ATTRIBUTE : DYNAMIC_URL_ATTRIBUTE})`);
    if (/[\0-\x1f\x7f]/.test(name)) throw new RuleError(`${DYNAMIC_NAME_ATTRIBUTE} ${quote(name)} has control characters`);
    if (/[\0-\x1f\x7f]/.test(url) || !/^ldap[si]?:\/\//i.test(url)) throw new RuleError(`${DYNAMIC_URL_ATTRIBUTE} ${quote(url)} is not an LDAP URL`);
    return { name, url, pattern: pattern(entry) };
  });
}
