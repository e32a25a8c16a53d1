// What one user's `supannRessourceEtatDate` values come to under a rule: the pure decision, no I/O.
import {
  addDays,
  type CalendarDate,
  formatSupannValue,
  formatYmd,
  hasSupannValueEnded,
  parseSupannValue,
  parseYmd,
  SUPANN_ACCOUNT_RESOURCE,
  type SupannValue,
  type UnreadableSupannValue,
} from "@fdo/fusiondirectory";
import { quote } from "./reports.js";
import { describeSelector, type LifeCycleRule, sameSelector, selects } from "./rule.js";

/** One value rewritten. */
export interface ValueChange {
  readonly before: string;
  readonly after: string;
}

export type Plan = { readonly kind: "change"; readonly changes: readonly ValueChange[] } | { readonly kind: "nothing"; readonly reason: string } | { readonly kind: "failed"; readonly error: string };

/** The state account closure writes (`{COMPTE}S:SupannVerrouAdministratif:<today>:`). */
export const LOCKED = { state: "S", subState: "SupannVerrouAdministratif" } as const;

const nothing = (reason: string): Plan => ({ kind: "nothing", reason });
const failed = (error: string): Plan => ({ kind: "failed", error });

/** True when an unreadable value may be one the rule looks at (then the subtask cannot be decided safely). */
function relevant(value: UnreadableSupannValue, rule: LifeCycleRule): boolean {
  const { resource } = value;
  if (resource === undefined) return true;
  if (rule.accountClosure && resource === SUPANN_ACCOUNT_RESOURCE) return true;
  return selects(rule.pre.resource, resource) || selects(rule.post.resource, resource);
}

function preState(rule: LifeCycleRule): string {
  return rule.pre.subState === undefined ? rule.pre.state : `${rule.pre.state}:${rule.pre.subState}`;
}

function inPreState(value: SupannValue, rule: LifeCycleRule): boolean {
  return value.state === rule.pre.state && (rule.pre.subState === undefined || value.subState === rule.pre.subState);
}

// Dates of values read strictly are real `YYYYMMDD` days: their text order is the calendar's.
const earliest = (dates: readonly string[]): string => dates.reduce((a, b) => (a.localeCompare(b) <= 0 ? a : b));

function calendarDate(ymd: string): CalendarDate {
  const date = parseYmd(ymd);
  if (date === undefined) throw new RangeError(`not a YYYYMMDD date: ${ymd}`);
  return date;
}

function planTransition(values: readonly SupannValue[], rule: LifeCycleRule, userDn: string, today: string): Plan {
  const day = calendarDate(today);
  const watched = values.filter((value) => selects(rule.pre.resource, value.resource));
  const triggers = watched.filter((value) => inPreState(value, rule) && hasSupannValueEnded(value, day));
  if (triggers.length === 0) {
    if (watched.length === 0) return nothing(`Nothing to do for ${userDn}: no value for ${describeSelector(rule.pre.resource)}`);
    const found = watched.map((value) => value.raw).join(", ");
    return nothing(`Nothing to do for ${userDn}: no value for ${describeSelector(rule.pre.resource)} is in state ${preState(rule)} with an end date on or before ${today} (found ${found})`);
  }
  // The post resource is the pre one: each expired value moves itself. Otherwise the named (or matching) values move.
  const targets = sameSelector(rule.pre.resource, rule.post.resource) ? triggers : values.filter((value) => selects(rule.post.resource, value.resource));
  if (targets.length === 0) return failed(`Post-state target ${describeSelector(rule.post.resource)} not found on user profile`);
  const firstEnd = earliest(triggers.map((value) => value.end));
  const changes: ValueChange[] = [];
  const settled: SupannValue[] = [];
  for (const target of targets) {
    const trigger = triggers.includes(target);
    // A value moved by another resource's expiry that is already in the post state keeps its own period.
    if (!trigger && target.state === rule.post.state && target.subState === rule.post.subState) {
      settled.push(target);
      continue;
    }
    // The new period starts when the pre-state ended: the target's own end when it is one of the expired values,
    // else the earliest expired end.
    const start = trigger ? target.end : firstEnd;
    let end = "";
    if (rule.post.days !== undefined) {
      try {
        end = formatYmd(addDays(calendarDate(start), rule.post.days));
      } catch (error) {
        return failed(`Cannot compute the new end date of ${quote(target.raw)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const after = formatSupannValue({ resource: target.resource, state: rule.post.state, subState: rule.post.subState, start, end });
    if (after === target.raw) settled.push(target);
    else changes.push({ before: target.raw, after });
  }
  if (changes.length === 0) return nothing(`Nothing to do for ${userDn}: already in the post state (${settled.map((value) => value.raw).join(", ")})`);
  return { kind: "change", changes };
}

function planClosure(values: readonly SupannValue[], rule: LifeCycleRule, userDn: string, today: string): Plan {
  // The account itself is never one of the watched resources: it is what gets locked.
  const watched = values.filter((value) => value.resource !== SUPANN_ACCOUNT_RESOURCE && selects(rule.pre.resource, value.resource));
  if (watched.length === 0) return nothing(`No matching resources found for ${userDn} - nothing to process`);
  const active = watched.filter((value) => value.state === "A");
  if (active.length > 0) return nothing(`Account closure not needed for ${userDn} - user has active resources (${active.map((value) => value.raw).join(", ")})`);
  const accounts = values.filter((value) => value.resource === SUPANN_ACCOUNT_RESOURCE);
  if (accounts.length === 0) return failed("No ACCOUNT resource found to deactivate");
  const changes = accounts
    .filter((value) => !(value.state === LOCKED.state && value.subState === LOCKED.subState))
    .map((value) => ({ before: value.raw, after: formatSupannValue({ resource: SUPANN_ACCOUNT_RESOURCE, ...LOCKED, start: today, end: "" }) }));
  if (changes.length === 0) return nothing(`Nothing to do for ${userDn}: the account is already locked (${accounts.map((value) => value.raw).join(", ")})`);
  return { kind: "change", changes };
}

/**
 * Decides what to do with one user's `supannRessourceEtatDate` values on `today` (`YYYYMMDD` in the FD zone). A value
 * that cannot be read fails the subtask when the rule may concern it; other unreadable values are left alone.
 */
export function planUser(rawValues: readonly string[], rule: LifeCycleRule, userDn: string, today: string): Plan {
  if (rawValues.length === 0) return nothing(`Nothing to do for ${userDn}: no supannRessourceEtatDate value`);
  const parsed = rawValues.map((raw) => parseSupannValue(raw));
  const blocking = parsed.flatMap((result) => (!result.ok && relevant(result, rule) ? [result] : []));
  const [first] = blocking;
  if (first !== undefined) {
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : "";
    return failed(`Unreadable supannRessourceEtatDate value ${quote(first.raw)} on ${userDn}: ${first.error}${more}`);
  }
  const values = parsed.flatMap((result) => (result.ok ? [result.value] : []));
  return rule.accountClosure ? planClosure(values, rule, userDn, today) : planTransition(values, rule, userDn, today);
}

/**
 * The LDAP modification of `supannRessourceEtatDate` for `changes`: delete each old value and add each new one in
 * one modify (a compare-and-swap: it fails if a value changed meanwhile). Every other value stays as it is; a new
 * value the entry already holds (values compare case-insensitively) is not added twice.
 */
export function valueModification(current: readonly string[], changes: readonly ValueChange[]): { readonly remove: string[]; readonly add: string[] } {
  const remove = changes.map((change) => change.before);
  const kept = new Set(current.filter((value) => !remove.includes(value)).map((value) => value.toLowerCase()));
  const add: string[] = [];
  for (const { after } of changes) {
    if (kept.has(after.toLowerCase())) continue;
    kept.add(after.toLowerCase());
    add.push(after);
  }
  return { remove, add };
}
