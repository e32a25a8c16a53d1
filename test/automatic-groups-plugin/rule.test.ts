import test from "ava";
import { readDynamicGroupRule, readMembershipRule } from "../../plugins/automatic-groups/src/rule.js";
import { type Attributes, fakeEntry } from "../support/fakes.js";

const DN = "cn=f16-auto-expired,ou=tasks,dc=example,dc=org";
const TARGET = "cn=f16-target,ou=groups,dc=example,dc=org";
const entry = (attributes: Attributes) => fakeEntry(DN, { objectClass: ["top", "fdTasks", "fdTasksAutomaticGroups"], fdTasksAutomaticGroupsOfName: TARGET, ...attributes });
const membership = (attributes: Attributes) => readMembershipRule(entry(attributes));
const error = (result: { ok: boolean; error?: string }) => (result.ok ? "accepted" : result.error);

test("the watched state is read from the Pre* attributes upstream used, or the plain ones", (t) => {
  t.deepEqual(membership({ fdTasksAutomaticGroupsPreResource: "COMPTE", fdTasksAutomaticGroupsPreState: "I", fdTasksAutomaticGroupsPreSubState: "SupannExpire" }), {
    ok: true,
    rule: { kind: "state", targetGroup: TARGET, target: { resource: "COMPTE", state: "I", subState: "SupannExpire" } },
  });
  t.deepEqual(membership({ fdTasksAutomaticGroupsResource: "MAIL", fdTasksAutomaticGroupsState: "A" }), {
    ok: true,
    rule: { kind: "state", targetGroup: TARGET, target: { resource: "MAIL", state: "A", subState: "" } },
  });
});

test("resource NONE, or none at all, decides nothing, as upstream", (t) => {
  t.deepEqual(membership({ fdTasksAutomaticGroupsPreResource: "NONE" }), { ok: true, rule: { kind: "none", targetGroup: TARGET } });
  t.deepEqual(membership({}), { ok: true, rule: { kind: "none", targetGroup: TARGET } });
});

test("a REGEX resource needs a pattern, which goes through the regex guard", (t) => {
  const rule = membership({ fdTasksAutomaticGroupsPreResource: "REGEX", fdTasksAutomaticGroupsPreState: "I", fdTasksAutomaticGroupsRegexPattern: "^APP-" });
  if (!rule.ok || rule.rule.kind !== "pattern") return t.fail(JSON.stringify(rule));
  t.is(rule.rule.pattern.source, "^APP-");
  t.true(rule.rule.pattern.regex.test("APP-wiki"));
  t.is(
    error(membership({ fdTasksAutomaticGroupsPreResource: "REGEX", fdTasksAutomaticGroupsPreState: "I" })),
    `Automatic groups task ${DN}: the resource is "REGEX" but fdTasksAutomaticGroupsRegexPattern is missing`,
  );
  t.is(
    error(membership({ fdTasksAutomaticGroupsPreResource: "REGEX", fdTasksAutomaticGroupsPreState: "I", fdTasksAutomaticGroupsRegexPattern: "(a+)+" })),
    `Automatic groups task ${DN}: fdTasksAutomaticGroupsRegexPattern "(a+)+" is refused: a repeated group contains a quantifier (nested quantifiers such as (a+)+ can take exponential time)`,
  );
  const plain = membership({ fdTasksAutomaticGroupsPreResource: "COMPTE", fdTasksAutomaticGroupsPreState: "I", fdTasksAutomaticGroupsRegexPattern: "(a+)+" });
  t.is(plain.ok && plain.rule.kind, "state", "a pattern without REGEX in the resource plays no part");
});

test("what upstream silently skipped is an error naming the attribute", (t) => {
  t.is(error(membership({ fdTasksAutomaticGroupsPreResource: "COMPTE" })), `Automatic groups task ${DN}: fdTasksAutomaticGroupsPreState is missing`);
  t.is(error(readMembershipRule(fakeEntry(DN, { objectClass: "fdTasksAutomaticGroups" }))), `Automatic groups task ${DN}: fdTasksAutomaticGroupsOfName is missing`);
  t.is(error(membership({ fdTasksAutomaticGroupsOfName: "expired-accounts" })), `Automatic groups task ${DN}: fdTasksAutomaticGroupsOfName "expired-accounts" is not a DN`);
  t.is(error(readMembershipRule(fakeEntry(DN, { objectClass: "fdTasks" }))), `Automatic groups task ${DN}: it is not an automatic groups task (no objectClass fdTasksAutomaticGroups)`);
});

test("dynamic groups: name and URL required, the URL an LDAP URL, the pattern optional", (t) => {
  const url = "ldap:///dc=example,dc=org??sub?(supannRessourceEtat={COMPTE}I:SupannExpire)";
  t.deepEqual(readDynamicGroupRule(entry({ fdTasksAutomaticGroupsDynamicName: "dynamic-compte-i", fdTasksAutomaticGroupsDynamicURL: url })), {
    ok: true,
    rule: { name: "dynamic-compte-i", url, pattern: undefined },
  });
  const withPattern = readDynamicGroupRule(entry({ fdTasksAutomaticGroupsDynamicName: "dynamic-regex-i", fdTasksAutomaticGroupsDynamicURL: url, fdTasksAutomaticGroupsRegexPattern: "^APP-" }));
  t.is(withPattern.ok && withPattern.rule.pattern?.source, "^APP-");
  t.is(
    error(readDynamicGroupRule(entry({ fdTasksAutomaticGroupsDynamicURL: url }))),
    `Automatic groups task ${DN}: Missing required parameters for dynamic group creation (fdTasksAutomaticGroupsDynamicName)`,
  );
  t.is(
    error(readDynamicGroupRule(entry({ fdTasksAutomaticGroupsDynamicName: "d", fdTasksAutomaticGroupsDynamicURL: "http://x" }))),
    `Automatic groups task ${DN}: fdTasksAutomaticGroupsDynamicURL "http://x" is not an LDAP URL`,
  );
  t.is(
    error(readDynamicGroupRule(entry({ fdTasksAutomaticGroupsDynamicName: "d\nx", fdTasksAutomaticGroupsDynamicURL: url }))),
    `Automatic groups task ${DN}: fdTasksAutomaticGroupsDynamicName "d\\nx" has control characters`,
  );
});
