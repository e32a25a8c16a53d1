// SupAnn resource states as FusionDirectory stores them on users (supannPerson):
//   supannRessourceEtat      {RESOURCE}S or {RESOURCE}S:SubState                 e.g. {COMPTE}A:SupannActif
//   supannRessourceEtatDate  {RESOURCE}S:SubState:StartYYYYMMDD:EndYYYYMMDD      e.g. {COMPTE}A:SupannActif:20240901:20270831
// (sub-state and dates may be empty: `{COMPTE}A:::20251231`, `{COMPTE}S:SupannVerrouAdministratif:20250101:`).
// One parser reads both forms; pure functions, no directory access.
import { type CalendarDate, daysBetween, parseYmd } from "./time/calendar-days.js";

/** A resource state: `{resource}state[:subState]`. `subState` is empty when the value has none. @public */
export interface SupannState {
  /** The name between the braces, e.g. `COMPTE`, `APP-wiki.prod_2`. */
  readonly resource: string;
  /** The state, e.g. `A` (active), `I` (inactive), `S` (suspended). */
  readonly state: string;
  readonly subState: string;
}

/**
 * One readable SupAnn value, of either attribute: missing fields are empty strings, so `{COMPTE}A` and
 * `{COMPTE}A:::` read the same.
 * @public
 */
export interface SupannValue extends SupannState {
  /** The value exactly as stored (what a compare-and-swap deletes). */
  readonly raw: string;
  /** The start date as written, or empty. A strict parse guarantees a real `YYYYMMDD` day; read it with `parseYmd`. */
  readonly start: string;
  /** The end date as written, or empty (no end: never expires). Same guarantee as `start`. */
  readonly end: string;
}

/** A value that cannot be read, and why. `resource` is set when at least its `{RESOURCE}` label is readable. @public */
export interface UnreadableSupannValue {
  readonly raw: string;
  readonly resource: string | undefined;
  /** Why, for a status text, e.g. `its end date "2027-08-31" is not a YYYYMMDD date`. */
  readonly error: string;
}

/** What {@link parseSupannValue} returns; it never throws. @public */
export type SupannParseResult = { readonly ok: true; readonly value: SupannValue } | ({ readonly ok: false } & UnreadableSupannValue);

/** How strictly {@link parseSupannValue} reads. @public */
export interface SupannParseOptions {
  /**
   * `false` (the default) reads a value the way it is safe to rewrite it: a resource name of letters, digits and
   * `- . _ :` (at most {@link MAX_SUPANN_RESOURCE_LENGTH}), a one-letter state, a sub-state without `:`, braces or
   * control characters, real `YYYYMMDD` dates, at most four fields. Anything else is unreadable, with the reason.
   *
   * `true` reads whatever follows a `{RESOURCE}` label, for code that only looks: fields are trimmed, the state may
   * be empty or longer than a letter, dates are kept as written (check them with `parseYmd`), and a value with more
   * than four fields keeps its dates in the last two, the sub-state taking the fields in between. Only a value
   * without a `{RESOURCE}` label is unreadable.
   */
  readonly lenient?: boolean;
}

/**
 * A resource state to look for, e.g. a task's watched `{Resource}State[:SubState]`. An empty or absent `subState`
 * matches any sub-state.
 * @public
 */
export interface SupannTarget {
  readonly resource: string;
  readonly state: string;
  readonly subState?: string | undefined;
}

/** How {@link matchesSupannState} compares. @public */
export interface SupannMatchOptions {
  /** Compare resource, state and sub-state case-insensitively. Default: exactly, as upstream. */
  readonly ignoreCase?: boolean;
}

/** SupAnn's account resource: its lock locks the whole account. @public */
export const SUPANN_ACCOUNT_RESOURCE = "COMPTE";

/** Longest resource name a strict parse accepts (SupAnn labels are short; this also bounds what a pattern is run against). @public */
export const MAX_SUPANN_RESOURCE_LENGTH = 64;

const STRICT_LABEL = /^\{([A-Za-z0-9._:-]+)\}/;
const LENIENT_LABEL = /^\{([^{}]+)\}(.*)$/s;
const RESOURCE_NAME = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_SUPANN_RESOURCE_LENGTH}}$`);
const STATE_LETTER = /^[A-Za-z]$/;
// Sub-states are SupAnn names (`SupannActif`) or local ones; no `:` (the separator) and no control characters.
const SUB_STATE = /^[^\x00-\x1f\x7f:{}]*$/;
const LOCK_SUB_STATE = /^supannverrou/i;

const quote = (value: string): string => JSON.stringify(value);

/** True for a resource name a strict parse accepts: 1-64 letters, digits, `-`, `.`, `_` or `:`. @public */
export function isSupannResourceName(name: string): boolean {
  return RESOURCE_NAME.test(name);
}

/** True for a state a strict parse accepts: one letter. @public */
export function isSupannStateLetter(state: string): boolean {
  return STATE_LETTER.test(state);
}

/** True for a sub-state a strict parse accepts (possibly empty): no `:`, braces or control characters. @public */
export function isSupannSubState(subState: string): boolean {
  return SUB_STATE.test(subState);
}

function unreadable(raw: string, resource: string | undefined, error: string): SupannParseResult {
  return { ok: false, raw, resource, error };
}

const NO_LABEL = "it does not start with a {RESOURCE} label";

function parseStrict(raw: string): SupannParseResult {
  const text = raw.trim();
  const label = STRICT_LABEL.exec(text);
  if (label === null) return unreadable(raw, undefined, NO_LABEL);
  const resource = label[1] as string;
  if (resource.length > MAX_SUPANN_RESOURCE_LENGTH) return unreadable(raw, undefined, `its resource name is longer than ${MAX_SUPANN_RESOURCE_LENGTH} characters`);
  const fields = text.slice(label[0].length).split(":");
  if (fields.length > 4) return unreadable(raw, resource, "it has more than STATE:SUBSTATE:START:END");
  const [state = "", subState = "", start = "", end = ""] = fields;
  if (!isSupannStateLetter(state)) return unreadable(raw, resource, state === "" ? "it has no state letter" : `its state ${quote(state)} is not one letter`);
  if (!isSupannSubState(subState)) return unreadable(raw, resource, `its sub-state ${quote(subState)} has forbidden characters`);
  if (start !== "" && parseYmd(start) === undefined) return unreadable(raw, resource, `its start date ${quote(start)} is not a YYYYMMDD date`);
  if (end !== "" && parseYmd(end) === undefined) return unreadable(raw, resource, `its end date ${quote(end)} is not a YYYYMMDD date`);
  return { ok: true, value: { raw, resource, state, subState, start, end } };
}

function parseLenient(raw: string): SupannParseResult {
  const label = LENIENT_LABEL.exec(raw.trim());
  const resource = label?.[1]?.trim() ?? "";
  if (label === null || resource === "") return unreadable(raw, undefined, NO_LABEL);
  const fields = (label[2] ?? "").split(":").map((field) => field.trim());
  while (fields.length < 4) fields.push("");
  return {
    ok: true,
    value: {
      raw,
      resource,
      state: fields[0] ?? "",
      subState: fields.slice(1, -2).join(":"),
      start: fields[fields.length - 2] ?? "",
      end: fields[fields.length - 1] ?? "",
    },
  };
}

/**
 * Reads one `supannRessourceEtat` or `supannRessourceEtatDate` value (`{R}S`, `{R}S:SUB`, `{R}S:SUB:START:END`,
 * trailing fields optional). Blanks around the value are ignored; `raw` keeps it as stored. Never throws.
 * @public
 */
export function parseSupannValue(raw: string, options: SupannParseOptions = {}): SupannParseResult {
  return options.lenient === true ? parseLenient(raw) : parseStrict(raw);
}

/**
 * Writes a `supannRessourceEtatDate` value the way FusionDirectory does (`{%s}%s:%s:%s:%s`): all four fields,
 * empty ones kept as `:`. Dates are `YYYYMMDD` text (`formatYmd`) or empty.
 * @public
 */
export function formatSupannValue(value: Omit<SupannValue, "raw">): string {
  return `{${value.resource}}${value.state}:${value.subState}:${value.start}:${value.end}`;
}

/** Writes a `supannRessourceEtat` value: `{R}S`, or `{R}S:SUB` when there is a sub-state. @public */
export function formatSupannState(state: SupannTarget): string {
  const subState = state.subState ?? "";
  return subState === "" ? `{${state.resource}}${state.state}` : `{${state.resource}}${state.state}:${subState}`;
}

/**
 * True when `value` is `target`: same resource and state, and the same sub-state when the target names one.
 * Components are compared whole, so `SupannVerrouille` is not `SupannVerrouilleX` and `Supann` is not
 * `SupannActif` (upstream's substring and prefix tests confused them).
 * @public
 */
export function matchesSupannState(value: SupannState, target: SupannTarget, options: SupannMatchOptions = {}): boolean {
  const same = options.ignoreCase === true ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  const subState = target.subState ?? "";
  return same(value.resource, target.resource) && same(value.state, target.state) && (subState === "" || same(value.subState, subState));
}

/** True when the stored value `raw` (either attribute, read leniently) is in the `target` state. @public */
export function isInSupannState(raw: string, target: SupannTarget, options: SupannMatchOptions = {}): boolean {
  const parsed = parseSupannValue(raw, { lenient: true });
  return parsed.ok && matchesSupannState(parsed.value, target, options);
}

/** True for SupAnn's lock sub-states (`SupannVerrouAdministratif`, `SupannVerrouTechnique`, ...), any case. @public */
export function isSupannLockSubState(subState: string): boolean {
  return LOCK_SUB_STATE.test(subState);
}

/**
 * True when a `supannRessourceEtatDate` value has ended on `today` (in FusionDirectory's zone, see `todayIn`):
 * upstream's `strtotime(end) <= time()`, i.e. local midnight starting the end day is not after now, which is the
 * same as `end <= today` on the calendar. An empty (never expires) or unreadable end never ends.
 * @public
 */
export function hasSupannValueEnded(value: { readonly end: string }, today: CalendarDate): boolean {
  const end = parseYmd(value.end);
  return end !== undefined && daysBetween(today, end) <= 0;
}
