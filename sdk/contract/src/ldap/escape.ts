/**
 * Escapes a value for use inside an LDAP search filter (RFC 4515): `*`, `(`, `)`, `\` and NUL become `\2a`,
 * `\28`, `\29`, `\5c`, `\00`; bytes of a Buffer are all hex-escaped.
 * @public
 */
export function escapeFilterValue(value: string | number | boolean | Buffer): string {
  if (Buffer.isBuffer(value)) return [...value].map((byte) => `\\${byte.toString(16).padStart(2, "0")}`).join("");
  return String(value).replace(/[*()\\\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * Tagged template that builds a filter with every interpolated value escaped.
 *
 * @example
 * ```ts
 * directory.search({ base, filter: ldapFilter`(&(objectClass=fdTasksGranular)(fdTasksGranularType=${type}))` });
 * ```
 * @public
 */
export function ldapFilter(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | boolean | Buffer>): string {
  return strings.reduce((filter, literal, index) => {
    const value = values[index - 1];
    return filter + (value === undefined ? "" : escapeFilterValue(value)) + literal;
  });
}

/**
 * Escapes an attribute value for use in a DN (RFC 4514): `, + " \ < > ; =`, a leading `#` or space, a trailing
 * space, NUL and control characters.
 * @public
 */
export function escapeDnValue(value: string): string {
  let escaped = value.replace(/[,+"\\<>;=]/g, (char) => `\\${char}`);
  escaped = escaped.replace(/[\0-\x1f\x7f]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
  if (escaped.startsWith("#") || escaped.startsWith(" ")) escaped = `\\${escaped}`;
  if (escaped.endsWith(" ") && !escaped.endsWith("\\ ")) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}

/**
 * Builds `<attribute>=<escaped value>,<parent>`.
 *
 * @example
 * ```ts
 * childDn("cn", uid, `ou=tokens,${settings.ldapBase}`); // "cn=a\,b,ou=tokens,dc=example,dc=org"
 * ```
 * @public
 */
export function childDn(attribute: string, value: string, parent: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(attribute)) throw new TypeError(`invalid RDN attribute ${attribute}`);
  return parent === "" ? `${attribute}=${escapeDnValue(value)}` : `${attribute}=${escapeDnValue(value)},${parent}`;
}
