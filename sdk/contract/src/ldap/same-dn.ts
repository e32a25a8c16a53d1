/**
 * A DN's comparison key, the way {@link sameDn} compares: lower case, surrounding blanks and blanks around `,` `=` `+`
 * removed. Use it to key maps and sets of DNs.
 * @public
 */
export function dnKey(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, "$1")
    .toLowerCase();
}

/**
 * Loose DN equality, the way servers and FusionDirectory echo DNs back: case, surrounding blanks and blanks around
 * `,` `=` `+` ignored. Not a full RFC 4514 comparison (escaped forms of the same value differ).
 * @public
 */
export function sameDn(a: string, b: string): boolean {
  return dnKey(a) === dnKey(b);
}
