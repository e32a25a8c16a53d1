// A main task's watched SupAnn state, `{resource}state[:subState]`, read from three of its attributes and checked the
// way a strict parse reads stored values, so the comparison with users' values is exact.
import type { DirectoryEntry } from "@fdo/sdk";
import { valuesOfAny } from "./ldap/entry-values.js";
import { isSupannResourceName, isSupannStateLetter, isSupannSubState, type SupannTarget } from "./supann.js";

/** The attribute names of each part, in order of preference (FusionDirectory spellings). @public */
export interface SupannTargetAttributes {
  readonly resource: readonly string[];
  readonly state: readonly string[];
  readonly subState: readonly string[];
}

/** What {@link readSupannTarget} returns: the target, or an error text naming the attribute. @public */
export type SupannTargetResult = { readonly ok: true; readonly target: SupannTarget } | { readonly ok: false; readonly error: string };

const quote = (value: string): string => JSON.stringify(value);

/**
 * Reads a task's watched state: resource and state are required, the sub-state is optional (none: any sub-state
 * matches, see `matchesSupannState`). A missing or malformed part is an error text such as
 * `fdArchiveTaskState "II" is not a state letter (A, I, S...)`.
 * @public
 */
export function readSupannTarget(entry: DirectoryEntry, attributes: SupannTargetAttributes): SupannTargetResult {
  const resource = valuesOfAny(entry, attributes.resource);
  const state = valuesOfAny(entry, attributes.state);
  const subState = valuesOfAny(entry, attributes.subState);
  const fail = (error: string): SupannTargetResult => ({ ok: false, error });
  if (resource === undefined) return fail(`${attributes.resource[0] ?? "resource"} is missing`);
  const [name = ""] = resource.values;
  if (!isSupannResourceName(name)) return fail(`${resource.attribute} ${quote(name)} is not a resource name (letters, digits, - . _ :)`);
  if (state === undefined) return fail(`${attributes.state[0] ?? "state"} is missing`);
  const [letter = ""] = state.values;
  if (!isSupannStateLetter(letter)) return fail(`${state.attribute} ${quote(letter)} is not a state letter (A, I, S...)`);
  const [sub = ""] = subState?.values ?? [];
  if (subState !== undefined && !isSupannSubState(sub)) return fail(`${subState.attribute} ${quote(sub)} has forbidden characters`);
  return { ok: true, target: { resource: name, state: letter, subState: sub } };
}
