/**
 * A DN in a form two spellings of the same entry share: white space around `,` `=` `+` dropped, lower case (the
 * attribute types and values FusionDirectory uses in DNs compare case-insensitively). For grouping and matching
 * DNs read from different places (an attribute value, the server's answer), never for writing.
 * @public
 */
export function comparableDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, "$1")
    .toLowerCase();
}
