/**
 * PHP's `rawurlencode`, which upstream used for DNs in FusionDirectory REST paths: `encodeURIComponent` plus
 * `! ' ( ) *`, which a DN may contain and some routers would otherwise read literally.
 * @public
 */
export function rawUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The FusionDirectory REST path of an object, e.g. `fdObjectPath("user", dn)` → `/objects/user/<encoded dn>`, for
 * `FusionDirectoryClient.call`.
 * @public
 */
export function fdObjectPath(type: string, dn: string): string {
  return `/objects/${encodeURIComponent(type)}/${rawUrlEncode(dn)}`;
}
