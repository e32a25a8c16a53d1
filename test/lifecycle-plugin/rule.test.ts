import { type Attributes, fakeEntry } from "@fdo/testing";
import test from "ava";
import { readRule } from "../../plugins/lifecycle/src/rule.js";

const DN = "cn=expire,ou=tasks,dc=example,dc=org";
const BASE_TASK: Attributes = {
  objectClass: ["top", "fdTasks", "fdTasksLifeCycle"],
  cn: "expire",
  fdTasksLifeCyclePreResource: "COMPTE",
  fdTasksLifeCyclePreState: "A",
  fdTasksLifeCyclePreSubState: "SupannActif",
  fdTasksLifeCyclePostResource: "COMPTE",
  fdTasksLifeCyclePostState: "I",
  fdTasksLifeCyclePostSubState: "SupannExpire",
  fdTasksLifeCyclePostEndDate: "30",
};

const rule = (attributes: Attributes) => readRule(fakeEntry(DN, { ...BASE_TASK, ...attributes }));
const error = (attributes: Attributes) => {
  const result = rule(attributes);
  return result.ok ? "accepted" : result.error;
};

test("the demo rule", (t) => {
  t.deepEqual(rule({}), {
    ok: true,
    rule: {
      pre: { resource: { kind: "name", name: "COMPTE" }, state: "A", subState: "SupannActif" },
      post: { resource: { kind: "name", name: "COMPTE" }, state: "I", subState: "SupannExpire", days: 30 },
      accountClosure: false,
    },
  });
});

test("optional attributes: no pre sub-state means any, no post sub-state is empty, no end date means open-ended", (t) => {
  const result = rule({ fdTasksLifeCyclePreSubState: [], fdTasksLifeCyclePostSubState: [], fdTasksLifeCyclePostEndDate: [] });
  if (!result.ok) return t.fail(result.error);
  t.is(result.rule.pre.subState, undefined);
  t.is(result.rule.post.subState, "");
  t.is(result.rule.post.days, undefined);
  const zero = rule({ fdTasksLifeCyclePostEndDate: " 0 " });
  t.true(zero.ok && zero.rule.post.days === 0);
});

test("REGEX resources use fdTasksLifeCycleRegexPattern, compiled through the guard", (t) => {
  const result = rule({ fdTasksLifeCyclePreResource: "REGEX", fdTasksLifeCyclePostResource: "REGEX", fdTasksLifeCycleRegexPattern: "^APP-" });
  if (!result.ok) return t.fail(result.error);
  t.is(result.rule.pre.resource.kind, "pattern");
  t.is(result.rule.pre.resource, result.rule.post.resource);
  t.is(error({ fdTasksLifeCyclePreResource: "REGEX" }), `Life Cycle task ${DN}: a resource is REGEX but fdTasksLifeCycleRegexPattern is missing`);
  t.is(
    error({ fdTasksLifeCyclePostResource: "REGEX", fdTasksLifeCycleRegexPattern: "(a+)+" }),
    `Life Cycle task ${DN}: fdTasksLifeCycleRegexPattern "(a+)+" is refused: a repeated group contains a quantifier (nested quantifiers such as (a+)+ can take exponential time)`,
  );
  // The pattern is not needed (nor checked) when no resource is REGEX.
  t.true(rule({ fdTasksLifeCycleRegexPattern: "(a+)+" }).ok);
});

test("'*' is any resource as pre-resource, refused as post-resource", (t) => {
  const result = rule({ fdTasksLifeCyclePreResource: "*" });
  t.true(result.ok && result.rule.pre.resource.kind === "any");
  t.is(error({ fdTasksLifeCyclePostResource: "*" }), `Life Cycle task ${DN}: fdTasksLifeCyclePostResource cannot be *: name a resource or use REGEX`);
});

test("account closure: post fields are not used, pre state not required", (t) => {
  const result = rule({
    fdTasksLifeCycleEnableAccountClosure: "true",
    fdTasksLifeCyclePreResource: "*",
    fdTasksLifeCyclePreState: [],
    fdTasksLifeCyclePostResource: [],
    fdTasksLifeCyclePostState: [],
  });
  if (!result.ok) return t.fail(result.error);
  t.true(result.rule.accountClosure);
  t.deepEqual(result.rule.post, { resource: { kind: "name", name: "COMPTE" }, state: "S", subState: "SupannVerrouAdministratif", days: undefined });
  t.false((rule({ fdTasksLifeCycleEnableAccountClosure: "FALSE" }) as { rule: { accountClosure: boolean } }).rule.accountClosure);
});

test("malformed tasks are refused naming the attribute", (t) => {
  const prefix = `Life Cycle task ${DN}: `;
  t.is(error({ objectClass: ["top", "fdTasks", "fdTasksMail"] }), `${prefix}it is not a Life Cycle task (no objectClass fdTasksLifeCycle)`);
  t.is(error({ fdTasksLifeCyclePreResource: [] }), `${prefix}fdTasksLifeCyclePreResource is missing`);
  t.is(error({ fdTasksLifeCyclePostState: " " }), `${prefix}fdTasksLifeCyclePostState is missing`);
  t.is(error({ fdTasksLifeCyclePostState: "Inactif" }), `${prefix}fdTasksLifeCyclePostState "Inactif" is not a state letter (A, I, S...)`);
  t.is(error({ fdTasksLifeCyclePostSubState: "Supann:Expire" }), `${prefix}fdTasksLifeCyclePostSubState "Supann:Expire" has forbidden characters`);
  t.is(error({ fdTasksLifeCyclePostResource: "COMPTE}X{" }), `${prefix}fdTasksLifeCyclePostResource "COMPTE}X{" is not a resource name (letters, digits, - . _ :)`);
  t.is(error({ fdTasksLifeCyclePostEndDate: "thirty" }), `${prefix}fdTasksLifeCyclePostEndDate "thirty" is not a number of days between 0 and 36600`);
  t.is(error({ fdTasksLifeCyclePostEndDate: "-5" }), `${prefix}fdTasksLifeCyclePostEndDate "-5" is not a number of days between 0 and 36600`);
  t.is(error({ fdTasksLifeCyclePostEndDate: "36601" }), `${prefix}fdTasksLifeCyclePostEndDate "36601" is not a number of days between 0 and 36600`);
});
