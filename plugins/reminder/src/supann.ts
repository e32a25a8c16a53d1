// SupAnn resource states as FusionDirectory stores them on users (supannPerson):
//   supannRessourceEtat      {RESOURCE}STATE or {RESOURCE}STATE:SUBSTATE         e.g. {COMPTE}A:SupannActif
//   supannRessourceEtatDate  {RESOURCE}STATE:SUBSTATE:START:END (dates Ymd, any field may be empty)
//                                                                               e.g. {COMPTE}A:SupannActif:20240901:20270831
// Pure parsing and matching; no directory access.
import { parseYmd, type CalendarDate } from "./calendar.js";

/** One `supannRessourceEtat` value. `subState` is empty when the value has none. */
export interface SupannState {
  readonly resource: string;
  readonly state: string;
  readonly subState: string;
}

/** One `supannRessourceEtatDate` value. `endText` is the raw end field, to quote when it is unreadable. */
export interface SupannStateDate extends SupannState {
  readonly start: CalendarDate | undefined;
  readonly end: CalendarDate | undefined;
  readonly endText: string;
}

/** What a reminder task watches: `fdTasksReminderResource` / `State` / `SubState` (an empty sub-state matches any). */
export interface SupannTarget {
  readonly resource: string;
  readonly state: string;
  readonly subState: string;
}

const VALUE = /^\{([^{}]+)\}(.*)$/s;

/** Parses `{R}S` or `{R}S:SUB`; `undefined` when the value has no `{RESOURCE}` label. */
export function parseSupannState(value: string): SupannState | undefined {
  const match = VALUE.exec(value.trim());
  if (match === null) return undefined;
  const rest = match[2] ?? "";
  const colon = rest.indexOf(":");
  return {
    resource: (match[1] ?? "").trim(),
    state: (colon === -1 ? rest : rest.slice(0, colon)).trim(),
    subState: colon === -1 ? "" : rest.slice(colon + 1).trim(),
  };
}

/** Parses `{R}S:SUB:START:END`; missing trailing fields count as empty. `undefined` without a `{RESOURCE}` label. */
export function parseSupannStateDate(value: string): SupannStateDate | undefined {
  const match = VALUE.exec(value.trim());
  if (match === null) return undefined;
  const fields = (match[2] ?? "").split(":").map((field) => field.trim());
  // FusionDirectory writes exactly four fields; should a sub-state ever contain ':', the dates are still the last two.
  while (fields.length < 4) fields.push("");
  const endText = fields[fields.length - 1] ?? "";
  const startText = fields[fields.length - 2] ?? "";
  return {
    resource: (match[1] ?? "").trim(),
    state: fields[0] ?? "",
    subState: fields.slice(1, fields.length - 2).join(":"),
    start: startText === "" ? undefined : parseYmd(startText),
    end: endText === "" ? undefined : parseYmd(endText),
    endText,
  };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** True when `state` is the target's resource in the target's state (and sub-state, when the target names one). */
export function matchesTarget(state: SupannState, target: SupannTarget): boolean {
  return same(state.resource, target.resource) && same(state.state, target.state) && (target.subState === "" || same(state.subState, target.subState));
}

/** `{R}S` or `{R}S:SUB`, as FusionDirectory writes `supannRessourceEtat`. */
export function formatState(state: SupannState): string {
  return state.subState === "" ? `{${state.resource}}${state.state}` : `{${state.resource}}${state.state}:${state.subState}`;
}

/** SupAnn lock sub-states (`SupannVerrouAdministratif`, `SupannVerrouTechnique`, ...). */
export function isLockSubState(subState: string): boolean {
  return /^supannverrou/i.test(subState);
}

/** The account resource of SupAnn: its lock locks the whole account. */
export const ACCOUNT_RESOURCE = "COMPTE";

/**
 * The current state of each resource of a user, keyed by lower-cased resource: the `supannRessourceEtat` value
 * (FusionDirectory derives it from the dated values when it saves the user), else the state part of the
 * `supannRessourceEtatDate` value. Unlabelled values are ignored.
 */
export function currentStates(etat: readonly string[], etatDate: readonly string[]): Map<string, SupannState> {
  const states = new Map<string, SupannState>();
  for (const value of etat) {
    const parsed = parseSupannState(value);
    if (parsed !== undefined && !states.has(parsed.resource.toLowerCase())) states.set(parsed.resource.toLowerCase(), parsed);
  }
  for (const value of etatDate) {
    const parsed = parseSupannStateDate(value);
    if (parsed !== undefined && !states.has(parsed.resource.toLowerCase())) {
      states.set(parsed.resource.toLowerCase(), { resource: parsed.resource, state: parsed.state, subState: parsed.subState });
    }
  }
  return states;
}

/**
 * The dated value of `target.resource`: the one whose state matches the target if there is one, else the first of
 * that resource (FusionDirectory keeps one per resource).
 */
export function datedValueFor(etatDate: readonly string[], target: SupannTarget): SupannStateDate | undefined {
  const values = etatDate.map(parseSupannStateDate).filter((value): value is SupannStateDate => value !== undefined && same(value.resource, target.resource));
  return values.find((value) => matchesTarget(value, target)) ?? values[0];
}
