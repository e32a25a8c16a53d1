/**
 * Loose DN equality, the way servers and FusionDirectory echo DNs back: case, surrounding blanks and blanks around
 * `,` `=` `+` ignored. Not a full RFC 4514 comparison (escaped forms of the same value differ).
 * @public
 */
export function sameDn(a: string, b: string): boolean {
  const normalise = (dn: string): string => dn.trim().replace(/\s*([,=+])\s*/g, "$1").toLowerCase();
  return normalise(a) === normalise(b);
}
