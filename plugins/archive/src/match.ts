// Whether a user is in the state that gets them archived. Upstream glued resource and state together and compared
// `{COMPTE}I` with `COMPTE` + `I`; components are compared whole here (the SDK's SupAnn matcher), so a resource
// `COMPT` with state `EI` is not `COMPTE` with state `I`.
import { formatSupannState, matchesSupannState, parseSupannValue, type SupannTarget } from "@fdo/fusiondirectory";

/** The user attribute the rule is checked against. */
export const ARCHIVE_STATE_ATTRIBUTE = "supannRessourceEtatDate";

/**
 * The first `supannRessourceEtatDate` value in the rule's resource and state (and sub-state when the rule names
 * one), or `undefined`. Values are read leniently: only what is compared has to be readable.
 */
export function archivingValue(values: readonly string[], rule: SupannTarget): string | undefined {
  return values.find((raw) => {
    const parsed = parseSupannValue(raw, { lenient: true });
    return parsed.ok && matchesSupannState(parsed.value, rule);
  });
}

/** Why a user is not archived, for logs and dry runs. */
export function notMatchingReason(userDn: string, values: readonly string[], rule: SupannTarget): string {
  const wanted = formatSupannState(rule);
  if (values.length === 0) return `${userDn} has no ${ARCHIVE_STATE_ATTRIBUTE} value; ${wanted} is required`;
  return `${userDn} has no ${ARCHIVE_STATE_ATTRIBUTE} value in ${wanted} (found ${values.map((value) => JSON.stringify(value)).join(", ")})`;
}
