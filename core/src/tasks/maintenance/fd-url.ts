/**
 * PHP's `rawurlencode`, which upstream used for DNs in FusionDirectory REST paths: `encodeURIComponent` plus
 * `! ' ( ) *`, which a DN may contain and some routers would otherwise read literally.
 */
export function rawUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** DNs compared the way FusionDirectory may echo them back: case and blanks around `,` and `=` ignored. */
export function sameDn(a: string, b: string): boolean {
  const normalise = (dn: string): string => dn.trim().replace(/\s*([,=])\s*/g, "$1").toLowerCase();
  return normalise(a) === normalise(b);
}
