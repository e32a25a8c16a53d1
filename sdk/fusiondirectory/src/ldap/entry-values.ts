import type { DirectoryEntry } from "@fdo/sdk";

/** Values found under one of several attribute names, and the name they were under. @public */
export interface NamedValues {
  readonly attribute: string;
  readonly values: readonly string[];
}

/**
 * The values of the first of `attributes` that the entry holds (blank values dropped), or `undefined` when it holds
 * none. For attributes FusionDirectory spelled differently across versions (`fdExtractorTaskAttributes` /
 * `fdExportTaskAttributes`, `fdTasksAutomaticGroupsPreResource` / `fdTasksAutomaticGroupsResource`): list the names
 * in order of preference; the server returns an attribute under the name its schema declares.
 * @public
 */
export function valuesOfAny(entry: DirectoryEntry, attributes: readonly string[]): NamedValues | undefined {
  for (const attribute of attributes) {
    const values = entry
      .values(attribute)
      .map((value) => value.trim())
      .filter((value) => value !== "");
    if (values.length > 0) return { attribute, values };
  }
  return undefined;
}
