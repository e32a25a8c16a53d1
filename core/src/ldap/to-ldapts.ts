import type { DirectoryChange } from "@fdo/sdk";
import { Attribute, Change } from "ldapts";

type Value = string | Buffer;

/** ldapts types attribute values as `string[] | Buffer[]`; a mixed list is sent as bytes throughout. */
function toValues(values: readonly Value[]): string[] | Buffer[] {
  if (values.every((value): value is string => typeof value === "string")) return [...values];
  return values.map((value) => (typeof value === "string" ? Buffer.from(value, "utf8") : value));
}

/** Converts SDK changes into ldapts `Change`s, in order, for one modify request. */
export function toLdapChanges(changes: readonly DirectoryChange[]): Change[] {
  return changes.map((change) => new Change({ operation: change.operation, modification: new Attribute({ type: change.attribute, values: toValues(change.values) }) }));
}

/** Converts the attributes of a new entry into ldapts `Attribute`s (single values become one-element lists). */
export function toLdapAttributes(attributes: Readonly<Record<string, Value | readonly Value[]>>): Attribute[] {
  return Object.entries(attributes).map(([type, value]) => {
    const values: readonly Value[] = typeof value === "string" || Buffer.isBuffer(value) ? [value] : value;
    return new Attribute({ type, values: toValues(values) });
  });
}

/**
 * True when the changes delete something. Such a modify asserts that the deleted values (or attribute) exist, so
 * noSuchAttribute (16) means the state the caller expected is gone: a lost compare-and-swap.
 */
export function isCompareAndSwap(changes: readonly DirectoryChange[]): boolean {
  return changes.some((change) => change.operation === "delete");
}
