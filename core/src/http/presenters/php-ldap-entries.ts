import type { DirectoryEntry } from "@fdo/sdk";

type PhpValueList = Record<string, string | number>;

/**
 * Renders entries the way PHP's `ldap_get_entries` did (lower-cased attribute names, `count` keys, index → name
 * entries), because upstream returned that raw structure and scripts written against it index into it.
 */
export function toPhpLdapEntries(entries: readonly DirectoryEntry[], attributes: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = { count: entries.length };
  entries.forEach((entry, index) => {
    const rendered: Record<string, unknown> = {};
    const present = attributes.filter((name) => entry.has(name));
    present.forEach((name, position) => {
      const values = entry.values(name);
      const list: PhpValueList = { count: values.length };
      for (const [valueIndex, value] of values.entries()) list[String(valueIndex)] = value;
      rendered[name.toLowerCase()] = list;
      rendered[String(position)] = name.toLowerCase();
    });
    rendered["count"] = present.length;
    rendered["dn"] = entry.dn;
    result[String(index)] = rendered;
  });
  return result;
}
