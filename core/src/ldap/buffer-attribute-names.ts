/**
 * A list of attribute names whose `includes()` ignores case and attribute options.
 *
 * ldapts decides per returned attribute whether to keep raw bytes with `explicitBufferAttributes.includes(type)`,
 * an exact-case comparison with the server's spelling. slapd answers with the schema spelling (`jpegPhoto`)
 * whatever the request said (`jpegphoto`), so a plain array silently misses, and the value is then UTF-8 decoded
 * (a leading BOM is even stripped): the bytes are lost. Passing this list instead makes the match case-insensitive.
 */
class CaseInsensitiveNames extends Array<string> {
  override includes(searchElement: string, fromIndex?: number): boolean {
    if (typeof searchElement !== "string") return false;
    const wanted = searchElement.toLowerCase();
    // `userCertificate;binary` should count as a request for `userCertificate`.
    const base = wanted.split(";", 1)[0];
    return this.slice(fromIndex ?? 0).some((name) => name === wanted || name === base);
  }
}

/** Returns `names` as a list ldapts matches case-insensitively (see {@link CaseInsensitiveNames}). */
export function bufferAttributeNames(names: readonly string[]): string[] {
  const list = new CaseInsensitiveNames();
  for (const name of names) list.push(name.toLowerCase());
  return list;
}
