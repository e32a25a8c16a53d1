// Which audited changes a notification task is about: its monitored attributes and its SupAnn state.
import { isInSupannState, type SupannTarget } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";
import type { AttributeChange } from "./audit-changes.js";

/** What one main task watches. */
export interface Monitoring {
  /** `fdTasksNotificationsAttributes`, lower-cased (LDAP attribute names are case-insensitive); `None` dropped. */
  readonly attributes: ReadonlySet<string>;
  /**
   * `{Resource}State[:SubState]` from `fdTasksNotificationsResource/State/SubState`; `undefined` for resource `NONE`.
   * Without a sub-state, any sub-state matches.
   */
  readonly state: SupannTarget | undefined;
}

/** The attributes whose values are SupAnn states; the state test looks only at them. */
export const SUPANN_STATE_ATTRIBUTES: ReadonlySet<string> = new Set(["supannressourceetat", "supannressourceetatdate"]);

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
    // Components are compared whole and exactly, so `{COMPTE}S:SupannVerrouille` matches wherever it stands
    // (upstream's newest substring test missed it at position 0) and `…:SupannVerrouilleX` does not.
    return state !== undefined && SUPANN_STATE_ATTRIBUTES.has(name) && change.newValues.some((value) => isInSupannState(value, state));
  });
}
