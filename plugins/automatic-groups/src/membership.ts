// Whether a user belongs in the target group: one of their `supannRessourceEtat` values (what FusionDirectory derives
// from `supannRessourceEtatDate`) is the watched state. Upstream compared whole strings, so a rule without a
// sub-state never matched `{COMPTE}I:SupannExpire`; here a rule without a sub-state accepts any (the SDK matcher,
// the same reading as archive and life cycle).
import { isSupannResourceName, matchesSupannState, parseSupannValue, type SupannTarget } from "@fdo/fusiondirectory";
import { matchingResourceNames, REGEX_TOKEN } from "./resources.js";
import type { MembershipRule } from "./rule.js";

/** The user attribute the rule is checked against. */
export const USER_STATE_ATTRIBUTE = "supannRessourceEtat";

/**
 * The concrete states a rule accepts: its own, or for a pattern one per known resource name it matches (`REGEX` in
 * the resource replaced by the name). A resource made invalid by the substitution is dropped.
 */
export function acceptedStates(rule: Exclude<MembershipRule, { kind: "none" }>, resourceNames: readonly string[]): SupannTarget[] {
  if (rule.kind === "state") return [rule.target];
  return matchingResourceNames(resourceNames, rule.pattern)
    .map((name) => ({ ...rule.target, resource: rule.target.resource.replaceAll(REGEX_TOKEN, name) }))
    .filter((state) => isSupannResourceName(state.resource));
}

/** The first of the user's values in an accepted state, or `undefined`: the user then does not belong in the group. */
export function qualifyingValue(values: readonly string[], accepted: readonly SupannTarget[]): string | undefined {
  return values.find((raw) => {
    const parsed = parseSupannValue(raw, { lenient: true });
    return parsed.ok && accepted.some((state) => matchesSupannState(parsed.value, state));
  });
}
