import test from "ava";
import { dynamicGroupEntry, dynamicGroupSpecs, dynamicMessages, groupsBranch } from "../../plugins/automatic-groups/src/dynamic-groups.js";
import { failedReport, NO_DYNAMIC_GROUP_TASKS, NO_MEMBERSHIP_TASKS, resultReport } from "../../plugins/automatic-groups/src/reports.js";
import { compilePattern } from "../../plugins/automatic-groups/src/resources.js";

const BASE = "dc=example,dc=org";
const URL_TEMPLATE = "ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={REGEX}I*)";
const NAMES = ["COMPTE", "MAIL", "APP-wiki", "APP-mail", "WIFI"];
const pattern = (source: string) => {
  const compiled = compilePattern(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.pattern;
};

test("the groups branch is FusionDirectory's fdGroupRDN, ou=groups when absent or unusable", (t) => {
  t.is(groupsBranch(undefined, BASE), `ou=groups,${BASE}`);
  t.is(groupsBranch(" ou=dyngroups,ou=groups ", BASE), `ou=dyngroups,ou=groups,${BASE}`);
  t.is(groupsBranch("", BASE), `ou=groups,${BASE}`);
  t.is(groupsBranch("groups", BASE), `ou=groups,${BASE}`);
  t.is(groupsBranch("ou=a,,ou=b", BASE), `ou=groups,${BASE}`);
  t.is(groupsBranch("ou=a\\,b", BASE), `ou=groups,${BASE}`);
});

test("with a pattern: one group per matching resource, regex lower-cased in the name and REGEX kept in the URL", (t) => {
  t.deepEqual(dynamicGroupSpecs({ name: "dynamic-regex-i", url: URL_TEMPLATE, pattern: pattern("^APP-") }, NAMES), [
    { name: "dynamic-app-wiki-i", url: "ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={APP-wiki}I*)", description: "Dynamic group for app-wiki-i" },
    { name: "dynamic-app-mail-i", url: "ldap:///ou=people,dc=example,dc=org??sub?(supannRessourceEtat={APP-mail}I*)", description: "Dynamic group for app-mail-i" },
  ]);
  t.deepEqual(dynamicGroupSpecs({ name: "dynamic-regex-i", url: URL_TEMPLATE, pattern: pattern("^NOTHING") }, NAMES), []);
  t.is(dynamicGroupSpecs({ name: "same-for-all", url: URL_TEMPLATE, pattern: pattern("^APP-") }, NAMES).length, 1, "equal names give one group");
});

test("without a pattern: the name and URL as written", (t) => {
  const url = "ldap:///dc=example,dc=org??sub?(supannRessourceEtat={COMPTE}I:SupannExpire)";
  t.deepEqual(dynamicGroupSpecs({ name: "dynamic-compte-i-supannexpire", url, pattern: undefined }, NAMES), [
    { name: "dynamic-compte-i-supannexpire", url, description: "Dynamic group for compte-i-supannexpire" },
  ]);
});

test("the entry: groupOfURLs + extensibleObject at cn=<name> in the branch, the name escaped", (t) => {
  const group = { name: "dynamic-app-wiki-i", url: "ldap:///x", description: "Dynamic group for app-wiki-i" };
  t.deepEqual(dynamicGroupEntry(group, `ou=groups,${BASE}`), {
    dn: `cn=dynamic-app-wiki-i,ou=groups,${BASE}`,
    attributes: { objectClass: ["groupOfURLs", "extensibleObject"], cn: "dynamic-app-wiki-i", memberURL: "ldap:///x", description: "Dynamic group for app-wiki-i" },
  });
  t.is(dynamicGroupEntry({ ...group, name: "a,b+c" }, `ou=groups,${BASE}`).dn, `cn=a\\,b\\+c,ou=groups,${BASE}`);
  t.is(dynamicMessages.created(group), "Successfully created dynamic group 'dynamic-app-wiki-i' with URL: ldap:///x");
  t.is(dynamicMessages.exists(group), "Dynamic group 'dynamic-app-wiki-i' already exists - not modified");
});

test("results: messages one per line, upstream's failure prefix and empty bodies", (t) => {
  t.deepEqual(resultReport(["a", "b"]), { result: "a\nb" });
  t.deepEqual(resultReport([]), { result: "" });
  t.deepEqual(failedReport("Missing target group in task configuration"), { result: "Error processing task: Missing target group in task configuration" });
  t.deepEqual(NO_MEMBERSHIP_TASKS, ["No automatic groups tasks require processing."]);
  t.deepEqual(NO_DYNAMIC_GROUP_TASKS, ["No dynamic group tasks require processing."]);
});
