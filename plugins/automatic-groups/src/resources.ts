// The `REGEX` resource: a task may name the resource `REGEX` (or a name containing it, e.g. `APP-REGEX`) and give a
// pattern; the resource names FusionDirectory knows (`fdSupannRessource` entries) that match the pattern then stand
// in for `REGEX`. The pattern goes through the SDK's backtracking guard, as the life cycle plugin's does.
import { compileResourcePattern, isSupannResourceName } from "@fdo/fusiondirectory";

/** The literal a resource name (upper case) or a dynamic group URL is given with, upstream's spelling. */
export const REGEX_TOKEN = "REGEX";
/** Where dynamic group names carry the resource (lower case, upstream's spelling). */
export const NAME_REGEX_TOKEN = "regex";
/** The resource name that turns membership sync off, as upstream. */
export const NO_RESOURCE = "NONE";
/** The attribute holding the pattern. */
export const PATTERN_ATTRIBUTE = "fdTasksAutomaticGroupsRegexPattern";

/** The resource entries FusionDirectory keeps (`fdSupannRessourceName=<NAME>,ou=ressources,ou=supannobjects,<base>`). */
export const RESOURCE_ENTRY_FILTER = "(objectClass=fdSupannRessource)";
export const RESOURCE_NAME_ATTRIBUTE = "fdSupannRessourceName";

/** A compiled pattern and its source, for texts. */
export interface ResourcePattern {
  readonly regex: RegExp;
  readonly source: string;
}

export type PatternResult = { readonly ok: true; readonly pattern: ResourcePattern } | { readonly ok: false; readonly error: string };

/** Compiles the task's pattern, or explains why it is refused (naming the attribute). */
export function compilePattern(source: string): PatternResult {
  const check = compileResourcePattern(source, PATTERN_ATTRIBUTE);
  return check.ok ? { ok: true, pattern: { regex: check.regex, source } } : check;
}

/**
 * The known resource names the pattern matches, in the order given, each once. Names a strict SupAnn parse would
 * refuse are skipped: they are substituted into resource names and LDAP URLs.
 */
export function matchingResourceNames(names: readonly string[], pattern: ResourcePattern): string[] {
  const found: string[] = [];
  for (const name of names.map((value) => value.trim())) {
    if (isSupannResourceName(name) && pattern.regex.test(name) && !found.includes(name)) found.push(name);
  }
  return found;
}
