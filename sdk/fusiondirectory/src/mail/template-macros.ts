// FusionDirectory 1.6 template macros: `fdMailTemplateMacro` values `NAME|ldapAttribute`, `%NAME%` in the body
// replaced by that attribute of the recipient.
import { type Directory, type DirectoryEntry, ldapFilter } from "@fdo/sdk";
import { isAttributeName } from "./addresses.js";

/** One macro of a template: `%name%` in the body becomes the recipient's first `attribute` value. @public */
export interface TemplateMacro {
  readonly name: string;
  readonly attribute: string;
}

/**
 * The macros of `fdMailTemplateMacro` values (`NAME|ldapAttribute`). A value without `|`, with an empty name or a
 * name holding `%`, or naming no valid attribute is not a macro and is left out (its text stays in the body).
 * @public
 */
export function parseTemplateMacros(values: readonly string[]): TemplateMacro[] {
  const macros: TemplateMacro[] = [];
  for (const value of values) {
    const separator = value.indexOf("|");
    if (separator <= 0) continue;
    const name = value.slice(0, separator).trim();
    const attribute = value.slice(separator + 1).trim();
    if (name !== "" && !name.includes("%") && isAttributeName(attribute)) macros.push({ name, attribute });
  }
  return macros;
}

/**
 * Replaces every `%NAME%` of `text` by the recipient's first value of the macro's attribute, literally (no
 * replacement patterns). A recipient that is unknown (`null`) or lacks the attribute gives an empty value, never the
 * macro text.
 * @public
 */
export function applyTemplateMacros(text: string, macros: readonly TemplateMacro[], recipient: DirectoryEntry | null): string {
  let result = text;
  for (const macro of macros) result = result.split(`%${macro.name}%`).join(recipient?.first(macro.attribute) ?? "");
  return result;
}

/**
 * Upstream's search for the person behind an address: an `inetOrgPerson` holding it in any of FusionDirectory's
 * address attributes (`supannMailPrive` with its `{LABEL}` prefix). The address is escaped.
 * @public
 */
export function recipientFilter(address: string): string {
  return ldapFilter`(&(objectClass=inetOrgPerson)(|(mail=${address})(gosaMailAlternateAddress=${address})(gosaMailForwardingAddress=${address})(supannAutreMail=${address})(supannMailPerso=${address})(supannMailPrive={*}${address})))`;
}

/** A recipient of one message: its address, and its entry's DN when the task already knows it. @public */
export interface MacroRecipient {
  readonly address: string;
  readonly dn?: string | undefined;
}

/**
 * Applies a template's macros per recipient, as FusionDirectory 1.6 does, for one run: each recipient's entry is
 * read once (by DN when known, else found by address under the base; an address held by several people resolves
 * to nobody rather than to someone else's data). Templates without macros cost no lookup.
 * @public
 */
export class TemplateMacroExpander {
  readonly #entries = new Map<string, Promise<DirectoryEntry | null>>();

  constructor(
    private readonly directory: Directory,
    private readonly base: string,
  ) {}

  /** The template body for one recipient, macros replaced. */
  async body(template: { readonly body: string; readonly macros: readonly TemplateMacro[] }, recipient: MacroRecipient): Promise<string> {
    if (template.macros.length === 0) return template.body;
    const attributes = [...new Set(template.macros.map((macro) => macro.attribute))].sort();
    return applyTemplateMacros(template.body, template.macros, await this.#entry(recipient, attributes));
  }

  #entry(recipient: MacroRecipient, attributes: readonly string[]): Promise<DirectoryEntry | null> {
    const who = recipient.dn === undefined ? `address:${recipient.address.toLowerCase()}` : `dn:${recipient.dn.toLowerCase()}`;
    const key = `${who}\n${attributes.join(",").toLowerCase()}`;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = recipient.dn === undefined ? this.#byAddress(recipient.address, attributes) : this.directory.read(recipient.dn, attributes);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  async #byAddress(address: string, attributes: readonly string[]): Promise<DirectoryEntry | null> {
    const matches = await this.directory.searchAll({ base: this.base, scope: "sub", filter: recipientFilter(address), attributes, pageSize: 2 });
    return matches.length === 1 ? (matches[0] ?? null) : null;
  }
}
