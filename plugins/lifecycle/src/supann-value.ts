// SupAnn `supannRessourceEtatDate` values: `{RESOURCE}STATE:SUBSTATE:START:END`, dates `YYYYMMDD`, every field after
// the state optional (`{COMPTE}A`, `{COMPTE}A:SupannActif`, `{COMPTE}A:::20251231`, `{COMPTE}S:SupannVerrouAdministratif:20250101:`).
import { isValidYmd } from "./supann-dates.js";

/** One readable value. Missing fields are empty strings. */
export interface SupannValue {
  /** The value exactly as stored (what a compare-and-swap deletes). */
  readonly raw: string;
  /** The name between the braces, e.g. `COMPTE`, `APP-wiki.prod_2`. */
  readonly resource: string;
  /** The state letter, e.g. `A`, `I`, `S`. */
  readonly state: string;
  readonly subState: string;
  /** `YYYYMMDD` or empty. */
  readonly start: string;
  /** `YYYYMMDD` or empty (no end: never expires). */
  readonly end: string;
}

/** A value that cannot be read; `resource` is set when at least its `{RESOURCE}` prefix is readable. */
export interface UnreadableValue {
  readonly raw: string;
  readonly resource: string | undefined;
  readonly error: string;
}

export type ParsedValue = { readonly ok: true; readonly value: SupannValue } | ({ readonly ok: false } & UnreadableValue);

/** Longest resource name accepted (SupAnn labels are short; this also bounds what a pattern is run against). */
export const MAX_RESOURCE_LENGTH = 64;
const RESOURCE = /^\{([A-Za-z0-9._:-]+)\}/;
const STATE = /^[A-Za-z]$/;
// Sub-states are SupAnn names (`SupannActif`) or local ones; no `:` (the separator) and no control characters.
const SUB_STATE = /^[^\x00-\x1f\x7f:{}]*$/;

/** Shows a directory value safely inside a status text (quoted, CR/LF and other controls escaped). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

function unreadable(raw: string, resource: string | undefined, error: string): ParsedValue {
  return { ok: false, raw, resource, error };
}

/** Reads one `supannRessourceEtatDate` value; never throws. */
export function parseSupannValue(raw: string): ParsedValue {
  const text = raw.trim();
  const prefix = RESOURCE.exec(text);
  if (prefix === null) return unreadable(raw, undefined, "it does not start with a {RESOURCE} label");
  const resource = prefix[1] as string;
  if (resource.length > MAX_RESOURCE_LENGTH) return unreadable(raw, undefined, `its resource name is longer than ${MAX_RESOURCE_LENGTH} characters`);
  const fields = text.slice(prefix[0].length).split(":");
  if (fields.length > 4) return unreadable(raw, resource, "it has more than STATE:SUBSTATE:START:END");
  const [state = "", subState = "", start = "", end = ""] = fields;
  if (!STATE.test(state)) return unreadable(raw, resource, state === "" ? "it has no state letter" : `its state ${quote(state)} is not one letter`);
  if (!SUB_STATE.test(subState)) return unreadable(raw, resource, `its sub-state ${quote(subState)} has forbidden characters`);
  if (start !== "" && !isValidYmd(start)) return unreadable(raw, resource, `its start date ${quote(start)} is not a YYYYMMDD date`);
  if (end !== "" && !isValidYmd(end)) return unreadable(raw, resource, `its end date ${quote(end)} is not a YYYYMMDD date`);
  return { ok: true, value: { raw, resource, state, subState, start, end } };
}

/** Writes a value the way FusionDirectory does (`{%s}%s:%s:%s:%s`): all four fields, empty ones kept as `:`. */
export function formatSupannValue(value: Omit<SupannValue, "raw">): string {
  return `{${value.resource}}${value.state}:${value.subState}:${value.start}:${value.end}`;
}
