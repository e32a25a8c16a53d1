import type { DirectoryEntry } from "@fdo/sdk";

/** One attribute value as ldapts hands it over: a string, or a Buffer for binary (or non-UTF-8) data. */
export type RawAttributeValue = string | Buffer;

/** The attribute map of an ldapts search entry, without its `dn`. */
export type RawAttributes = Readonly<Record<string, RawAttributeValue | readonly RawAttributeValue[]>>;

interface Slot {
  readonly raw: readonly RawAttributeValue[];
  strings?: readonly string[];
  buffers?: readonly Buffer[];
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * A {@link DirectoryEntry} over one ldapts search entry.
 *
 * ldapts returns a single value as a bare `string` and several as `string[]`, spells names the way the server
 * does (slapd uses the schema spelling, not the requested one), and synthesises `[]` for requested attributes the
 * entry lacks. This class hides all three: names are matched case-insensitively, every attribute is a list, and
 * empty attributes are treated as absent.
 */
export class LdapDirectoryEntry implements DirectoryEntry {
  readonly dn: string;
  readonly attributeNames: readonly string[];
  readonly #slots = new Map<string, Slot>();

  constructor(dn: string, attributes: RawAttributes) {
    this.dn = dn;
    const names: string[] = [];
    for (const [name, value] of Object.entries(attributes)) {
      const raw: readonly RawAttributeValue[] = Array.isArray(value) ? value : [value as RawAttributeValue];
      if (raw.length === 0) continue;
      const key = name.toLowerCase();
      const existing = this.#slots.get(key);
      // A server never sends one attribute twice, but merging keeps values if two spellings ever meet.
      this.#slots.set(key, { raw: existing === undefined ? raw : [...existing.raw, ...raw] });
      if (existing === undefined) names.push(name);
    }
    this.attributeNames = Object.freeze(names);
  }

  /** Builds an entry from the object ldapts returns (`{ dn, ...attributes }`). */
  static fromLdapts(entry: { readonly dn: string } & RawAttributes): LdapDirectoryEntry {
    const { dn, ...attributes } = entry;
    return new LdapDirectoryEntry(dn as string, attributes);
  }

  values(attribute: string): readonly string[] {
    const slot = this.#slots.get(attribute.toLowerCase());
    if (slot === undefined) return NONE;
    // Decoded lazily: a binary attribute may be large and is usually only read through buffers().
    slot.strings ??= Object.freeze(slot.raw.map((value) => (typeof value === "string" ? value : value.toString("utf8"))));
    return slot.strings;
  }

  first(attribute: string): string | undefined {
    return this.values(attribute)[0];
  }

  /**
   * The values as bytes. Exact for attributes requested in `binaryAttributes`; for any other attribute these are
   * the UTF-8 bytes of the decoded string, which may differ from what the server stored.
   */
  buffers(attribute: string): readonly Buffer[] {
    const slot = this.#slots.get(attribute.toLowerCase());
    if (slot === undefined) return NONE;
    slot.buffers ??= Object.freeze(slot.raw.map((value) => (typeof value === "string" ? Buffer.from(value, "utf8") : value)));
    return slot.buffers;
  }

  has(attribute: string): boolean {
    return this.#slots.has(attribute.toLowerCase());
  }
}
