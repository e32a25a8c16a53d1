// Which SupAnn values a reminder looks at: the current state of each resource, and the dated value that gives the
// watched resource its end date. Parsing, matching and formatting are the SDK's; values are read leniently (a
// reminder only looks, it never rewrites them) and compared case-insensitively.
import { matchesSupannState, parseSupannValue, type SupannMatchOptions, type SupannState, type SupannTarget, type SupannValue } from "@fdo/fusiondirectory";

/** How a reminder task compares a user's states with the watched one: resource, state and sub-state in any case. */
export const MATCH: SupannMatchOptions = { ignoreCase: true };

/** The values that have a `{RESOURCE}` label, read leniently; the others are ignored. */
function readable(values: readonly string[]): SupannValue[] {
  return values.flatMap((raw) => {
    const parsed = parseSupannValue(raw, { lenient: true });
    return parsed.ok ? [parsed.value] : [];
  });
}

const stateOf = ({ resource, state, subState }: SupannValue): SupannState => ({ resource, state, subState });

/**
 * The current state of each resource of a user, keyed by lower-cased resource: the `supannRessourceEtat` value
 * (FusionDirectory derives it from the dated values when it saves the user), else the state part of the
 * `supannRessourceEtatDate` value. Unlabelled values are ignored.
 */
export function currentStates(etat: readonly string[], etatDate: readonly string[]): Map<string, SupannState> {
  const states = new Map<string, SupannState>();
  for (const value of [...readable(etat), ...readable(etatDate)]) {
    const key = value.resource.toLowerCase();
    if (!states.has(key)) states.set(key, stateOf(value));
  }
  return states;
}

/**
 * The dated value of `target.resource`: the one whose state matches the target if there is one, else the first of
 * that resource (FusionDirectory keeps one per resource). Its `end` is as written: check it with `parseYmd`.
 */
export function datedValueFor(etatDate: readonly string[], target: SupannTarget): SupannValue | undefined {
  const values = readable(etatDate).filter((value) => value.resource.toLowerCase() === target.resource.toLowerCase());
  return values.find((value) => matchesSupannState(value, target, MATCH)) ?? values[0];
}
