// Which audited changes a notification task is about: its monitored attributes and its SupAnn state.
import type { DirectoryEntry } from "@fdo/sdk";
import type { AttributeChange } from "./audit-changes.js";

/** A SupAnn resource state `{RESOURCE}S[:SubState]`, as in `supannRessourceEtat` (and the start of `…EtatDate`). */
export interface SupannState {
  readonly resource: string;
  readonly state: string;
  /** `undefined` (or empty) in a monitored state: any sub-state matches. */
  readonly subState: string | undefined;
}

/** What one main task watches. */
export interface Monitoring {
  /** `fdTasksNotificationsAttributes`, lower-cased (LDAP attribute names are case-insensitive); `None` dropped. */
  readonly attributes: ReadonlySet<string>;
  /** `{Resource}State[:SubState]` from `fdTasksNotificationsResource/State/SubState`; `undefined` for resource `NONE`. */
  readonly state: SupannState | undefined;
}

/** The attributes whose values are SupAnn states; the state test looks only at them. */
export const SUPANN_STATE_ATTRIBUTES: ReadonlySet<string> = new Set(["supannressourceetat", "supannressourceetatdate"]);

const SUPANN_VALUE = /^\{([^{}]*)\}([^:]*)(?::([^:]*))?(?::.*)?$/;

/** Parses `{COMPTE}S`, `{COMPTE}S:SupannVerrouille` or `{COMPTE}S:SupannVerrouille:20250101:20251231`. */
export function parseSupannState(value: string): SupannState | undefined {
  const match = SUPANN_VALUE.exec(value.trim());
  if (match === null) return undefined;
  const [, resource = "", state = "", subState] = match;
  return { resource, state, subState: subState === undefined || subState === "" ? undefined : subState };
}

/** `{RESOURCE}S` or `{RESOURCE}S:SubState`. */
export function formatSupannState(state: SupannState): string {
  return `{${state.resource}}${state.state}${state.subState === undefined ? "" : `:${state.subState}`}`;
}

/**
 * True when `value` is in the monitored state: same resource and state letter, and the same sub-state when the
 * monitored state names one. Components are compared exactly, so `{COMPTE}S:SupannVerrouille` matches wherever it
 * stands (upstream's newest substring test missed it at position 0) and `…:SupannVerrouilleX` does not.
 */
export function isInState(value: string, monitored: SupannState): boolean {
  const parsed = parseSupannState(value);
  if (parsed === undefined) return false;
  if (parsed.resource !== monitored.resource || parsed.state !== monitored.state) return false;
  return monitored.subState === undefined || parsed.subState === monitored.subState;
}

/** What a main task monitors, from its `fdTasksNotifications*` attributes. */
export function monitoringOf(main: DirectoryEntry): Monitoring {
  const attributes = new Set(
    main
      .values("fdTasksNotificationsAttributes")
      .map((name) => name.trim())
      .filter((name) => name !== "" && name.toLowerCase() !== "none")
      .map((name) => name.toLowerCase()),
  );
  const resource = main.first("fdTasksNotificationsResource")?.trim() ?? "";
  const state = main.first("fdTasksNotificationsState")?.trim() ?? "";
  const subState = main.first("fdTasksNotificationsSubState")?.trim() ?? "";
  const monitored = resource === "" || resource.toUpperCase() === "NONE" || state === "" ? undefined : { resource, state, subState: subState === "" ? undefined : subState };
  return { attributes, state: monitored };
}

/** The attribute name without `;options`, lower-cased. */
function baseName(attribute: string): string {
  return (attribute.split(";")[0] ?? attribute).toLowerCase();
}

/**
 * The changes a task reports: those of a monitored attribute, and those of a SupAnn state attribute whose new
 * values put the resource in the monitored state. Order kept.
 */
export function matchingChanges(changes: readonly AttributeChange[], monitoring: Monitoring): AttributeChange[] {
  const { attributes, state } = monitoring;
  return changes.filter((change) => {
    const name = baseName(change.attribute);
    if (attributes.has(name)) return true;
    return state !== undefined && SUPANN_STATE_ATTRIBUTES.has(name) && change.newValues.some((value) => isInState(value, state));
  });
}
