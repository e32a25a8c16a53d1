// Dynamic groups: `groupOfURLs` entries whose members an overlay (dynlist/autogroup) computes from `memberURL`.
// Created as upstream did (objectClass groupOfURLs + extensibleObject, cn, memberURL, description), but in the groups
// branch FusionDirectory is configured with (`fdGroupRDN` of its configuration entry; upstream hard-coded
// `ou=groups`), at a DN that only depends on the name, so creating twice is "already exists", never a second group.
import { childDn, dnKey } from "@fdo/sdk";
import { matchingResourceNames, NAME_REGEX_TOKEN, REGEX_TOKEN } from "./resources.js";
import type { DynamicGroupRule } from "./rule.js";

/** The groups branch when FusionDirectory's configuration names none. */
export const DEFAULT_GROUP_RDN = "ou=groups";
/** Where FusionDirectory's configuration entry keeps the branch. */
export const GROUP_RDN_ATTRIBUTE = "fdGroupRDN";
export const DYNAMIC_GROUP_CLASSES: readonly string[] = ["groupOfURLs", "extensibleObject"];

/** One dynamic group to create. */
export interface DynamicGroupSpec {
  readonly name: string;
  readonly url: string;
  readonly description: string;
}

const RDN_SEQUENCE = /^[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;#]+(,[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;#]+)*$/;

/** `<fdGroupRDN or ou=groups>,<base>`; a value that is not a plain RDN sequence counts as absent. */
export function groupsBranch(configuredRdn: string | undefined, base: string): string {
  const rdn = configuredRdn?.trim() ?? "";
  const branch = rdn !== "" && RDN_SEQUENCE.test(rdn) ? rdn : DEFAULT_GROUP_RDN;
  return base === "" ? branch : `${branch},${base}`;
}

function spec(name: string, url: string): DynamicGroupSpec {
  return { name, url, description: `Dynamic group for ${name.replace("dynamic-", "")}` };
}

/**
 * The groups a task creates. With a pattern: one per known resource name it matches, `regex` in the name replaced by
 * the name in lower case and `REGEX` in the URL by the name as is (upstream's spellings); names that come out equal
 * give one group. Without: the name and URL as written.
 */
export function dynamicGroupSpecs(rule: DynamicGroupRule, resourceNames: readonly string[]): DynamicGroupSpec[] {
  if (rule.pattern === undefined) return [spec(rule.name, rule.url)];
  const specs = new Map<string, DynamicGroupSpec>();
  for (const resource of matchingResourceNames(resourceNames, rule.pattern)) {
    const name = rule.name.replaceAll(NAME_REGEX_TOKEN, resource.toLowerCase());
    if (!specs.has(dnKey(`cn=${name}`))) specs.set(dnKey(`cn=${name}`), spec(name, rule.url.replaceAll(REGEX_TOKEN, resource)));
  }
  return [...specs.values()];
}

/** The entry to add for a spec in the groups branch. */
export function dynamicGroupEntry(group: DynamicGroupSpec, branch: string): { readonly dn: string; readonly attributes: Readonly<Record<string, string | readonly string[]>> } {
  return {
    dn: childDn("cn", group.name, branch),
    attributes: { objectClass: DYNAMIC_GROUP_CLASSES, cn: group.name, memberURL: group.url, description: group.description },
  };
}

/** Upstream's message for a created group, and the ones for the other cases. */
export const dynamicMessages = {
  created: (group: DynamicGroupSpec) => `Successfully created dynamic group '${group.name}' with URL: ${group.url}`,
  exists: (group: DynamicGroupSpec) => `Dynamic group '${group.name}' already exists - not modified`,
  wouldCreate: (group: DynamicGroupSpec) => `Dynamic group '${group.name}' would be created with URL: ${group.url}`,
  noResource: (pattern: string) => `No resource name matches ${JSON.stringify(pattern)}: no dynamic group to create`,
} as const;
