// A Life Cycle main task (`objectClass=fdTasksLifeCycle`) read into a validated rule.
import { compileResourcePattern, isSupannResourceName, isSupannStateLetter, isSupannSubState, SUPANN_ACCOUNT_RESOURCE } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import { quote } from "./reports.js";

/** A pre/post resource equal to this means "every resource whose name matches `fdTasksLifeCycleRegexPattern`". */
export const REGEX_RESOURCE = "REGEX";
/** A pre-resource equal to this means "every resource". */
export const ANY_RESOURCE = "*";
/** The largest `fdTasksLifeCyclePostEndDate` accepted (100 years): keeps dates in 4-digit years. */
export const MAX_DAYS = 36_600;

export type ResourceSelector = { readonly kind: "name"; readonly name: string } | { readonly kind: "pattern"; readonly regex: RegExp; readonly source: string } | { readonly kind: "any" };

export interface LifeCycleRule {
  readonly pre: { readonly resource: ResourceSelector; readonly state: string; readonly subState: string | undefined };
  readonly post: { readonly resource: ResourceSelector; readonly state: string; readonly subState: string; readonly days: number | undefined };
  /** `fdTasksLifeCycleEnableAccountClosure=TRUE`: lock `{COMPTE}` when no watched resource is active any more. */
  readonly accountClosure: boolean;
}

export type RuleResult = { readonly ok: true; readonly rule: LifeCycleRule } | { readonly ok: false; readonly error: string };

class RuleError extends Error {}

/** True when `selector` picks the resource named `resource` (names compare exactly, as upstream). */
export function selects(selector: ResourceSelector, resource: string): boolean {
  switch (selector.kind) {
    case "name":
      return selector.name === resource;
    case "pattern":
      return selector.regex.test(resource);
    case "any":
      return true;
  }
}

/** For status texts: `resource 'COMPTE'`, `pattern '^APP-'`, `any resource`. */
export function describeSelector(selector: ResourceSelector): string {
  switch (selector.kind) {
    case "name":
      return `resource '${selector.name}'`;
    case "pattern":
      return `pattern '${selector.source}'`;
    case "any":
      return "any resource";
  }
}

/** Both selectors pick the same resources (both REGEX, or the same name). */
export function sameSelector(a: ResourceSelector, b: ResourceSelector): boolean {
  if (a.kind === "name" && b.kind === "name") return a.name === b.name;
  return a.kind === "pattern" && b.kind === "pattern";
}

function value(entry: DirectoryEntry, attribute: string): string {
  return entry.first(attribute)?.trim() ?? "";
}

function required(entry: DirectoryEntry, attribute: string): string {
  const found = value(entry, attribute);
  if (found === "") throw new RuleError(`${attribute} is missing`);
  return found;
}

function state(entry: DirectoryEntry, attribute: string): string {
  const found = required(entry, attribute);
  if (!isSupannStateLetter(found)) throw new RuleError(`${attribute} ${quote(found)} is not a state letter (A, I, S...)`);
  return found;
}

function subState(entry: DirectoryEntry, attribute: string): string {
  const found = value(entry, attribute);
  if (!isSupannSubState(found)) throw new RuleError(`${attribute} ${quote(found)} has forbidden characters`);
  return found;
}

function days(entry: DirectoryEntry): number | undefined {
  const found = value(entry, "fdTasksLifeCyclePostEndDate");
  if (found === "") return undefined;
  if (!/^\d+$/.test(found) || Number(found) > MAX_DAYS) {
    throw new RuleError(`fdTasksLifeCyclePostEndDate ${quote(found)} is not a number of days between 0 and ${MAX_DAYS}`);
  }
  return Number(found);
}

function selector(entry: DirectoryEntry, attribute: string, pattern: () => ResourceSelector, allowAny: boolean): ResourceSelector {
  const name = required(entry, attribute);
  if (name === REGEX_RESOURCE) return pattern();
  if (name === ANY_RESOURCE) {
    if (allowAny) return { kind: "any" };
    throw new RuleError(`${attribute} cannot be ${ANY_RESOURCE}: name a resource or use ${REGEX_RESOURCE}`);
  }
  if (!isSupannResourceName(name)) throw new RuleError(`${attribute} ${quote(name)} is not a resource name (letters, digits, - . _ :)`);
  return { kind: "name", name };
}

/**
 * Reads the rule of a Life Cycle main task. Any problem (not a Life Cycle task, a missing or malformed attribute, a
 * refused pattern) is an error text naming the attribute; the subtasks of that task then fail with it.
 */
export function readRule(entry: DirectoryEntry): RuleResult {
  try {
    if (!entry.values("objectClass").some((objectClass) => objectClass.toLowerCase() === "fdtaskslifecycle")) {
      throw new RuleError("it is not a Life Cycle task (no objectClass fdTasksLifeCycle)");
    }
    let compiled: ResourceSelector | undefined;
    const pattern = (): ResourceSelector => {
      if (compiled !== undefined) return compiled;
      const source = value(entry, "fdTasksLifeCycleRegexPattern");
      if (source === "") throw new RuleError(`a resource is ${REGEX_RESOURCE} but fdTasksLifeCycleRegexPattern is missing`);
      const check = compileResourcePattern(source, "fdTasksLifeCycleRegexPattern");
      if (!check.ok) throw new RuleError(check.error);
      compiled = { kind: "pattern", regex: check.regex, source };
      return compiled;
    };
    const accountClosure = value(entry, "fdTasksLifeCycleEnableAccountClosure").toUpperCase() === "TRUE";
    const preSubState = subState(entry, "fdTasksLifeCyclePreSubState");
    const pre = {
      resource: selector(entry, "fdTasksLifeCyclePreResource", pattern, true),
      // Account closure looks at resources only; the state letters are not used.
      state: accountClosure ? value(entry, "fdTasksLifeCyclePreState") : state(entry, "fdTasksLifeCyclePreState"),
      subState: preSubState === "" ? undefined : preSubState,
    };
    const post = accountClosure
      ? { resource: { kind: "name", name: SUPANN_ACCOUNT_RESOURCE } as const, state: "S", subState: "SupannVerrouAdministratif", days: undefined }
      : {
          resource: selector(entry, "fdTasksLifeCyclePostResource", pattern, false),
          state: state(entry, "fdTasksLifeCyclePostState"),
          subState: subState(entry, "fdTasksLifeCyclePostSubState"),
          days: days(entry),
        };
    return { ok: true, rule: { pre, post, accountClosure } };
  } catch (error) {
    if (error instanceof RuleError) return { ok: false, error: `Life Cycle task ${entry.dn}: ${error.message}` };
    throw error;
  }
}
