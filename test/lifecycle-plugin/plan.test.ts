import { type Attributes, fakeEntry } from "@fdo/testing";
import test from "ava";
import { planUser, valueModification } from "../../plugins/lifecycle/src/plan.js";
import { type LifeCycleRule, readRule } from "../../plugins/lifecycle/src/rule.js";

const USER = "uid=u,ou=people,dc=example,dc=org";
const TODAY = "20261128";

function rule(attributes: Attributes): LifeCycleRule {
  const result = readRule(
    fakeEntry("cn=t,ou=tasks,dc=example,dc=org", {
      objectClass: ["fdTasks", "fdTasksLifeCycle"],
      fdTasksLifeCyclePreResource: "COMPTE",
      fdTasksLifeCyclePreState: "A",
      fdTasksLifeCyclePreSubState: "SupannActif",
      fdTasksLifeCyclePostResource: "COMPTE",
      fdTasksLifeCyclePostState: "I",
      fdTasksLifeCyclePostSubState: "SupannExpire",
      fdTasksLifeCyclePostEndDate: "30",
      ...attributes,
    }),
  );
  if (!result.ok) throw new Error(result.error);
  return result.rule;
}

const DEMO = rule({});
const change = (before: string, after: string) => ({ before, after });

test("static rule: the expired pre-state value moves to the post state, from its end date, every other value kept", (t) => {
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20231001:20261127", "{MAIL}A:SupannActif:20231001:20261127"], DEMO, USER, TODAY), {
    kind: "change",
    changes: [change("{COMPTE}A:SupannActif:20231001:20261127", "{COMPTE}I:SupannExpire:20261127:20261227")],
  });
});

test("static rule: nothing to do, and why", (t) => {
  t.deepEqual(planUser([], DEMO, USER, TODAY), { kind: "nothing", reason: `Nothing to do for ${USER}: no supannRessourceEtatDate value` });
  t.deepEqual(planUser(["{MAIL}A:SupannActif:20231001:20261127"], DEMO, USER, TODAY), { kind: "nothing", reason: `Nothing to do for ${USER}: no value for resource 'COMPTE'` });
  for (const value of [
    "{COMPTE}A:SupannActif:20231001:20261129",
    "{COMPTE}A:SupannActif:20231001:",
    "{COMPTE}A:SupannActif",
    "{COMPTE}A:Autre:20231001:20261127",
    "{COMPTE}I:SupannExpire:20250701:20250731",
  ]) {
    t.deepEqual(
      planUser([value], DEMO, USER, TODAY),
      {
        kind: "nothing",
        reason: `Nothing to do for ${USER}: no value for resource 'COMPTE' is in state A:SupannActif with an end date on or before ${TODAY} (found ${value})`,
      },
      value,
    );
  }
});

test("without a pre sub-state any sub-state matches; without a post end date the new period is open", (t) => {
  const open = rule({ fdTasksLifeCyclePreSubState: [], fdTasksLifeCyclePostSubState: [], fdTasksLifeCyclePostEndDate: [] });
  t.deepEqual(planUser(["{COMPTE}A:Autre:20231001:20261128"], open, USER, TODAY), { kind: "change", changes: [change("{COMPTE}A:Autre:20231001:20261128", "{COMPTE}I::20261128:")] });
});

test("post resource other than pre: the named value moves from the day the pre value ended; idempotent; missing target fails", (t) => {
  const toMail = rule({ fdTasksLifeCyclePostResource: "MAIL", fdTasksLifeCyclePostEndDate: "10" });
  const before = ["{COMPTE}A:SupannActif:20240101:20261020", "{MAIL}A:SupannActif:20240101:20270101"];
  const plan = planUser(before, toMail, USER, TODAY);
  t.deepEqual(plan, { kind: "change", changes: [change("{MAIL}A:SupannActif:20240101:20270101", "{MAIL}I:SupannExpire:20261020:20261030")] });
  // Running again changes nothing (upstream would keep pushing the MAIL dates forward).
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20261020", "{MAIL}I:SupannExpire:20261020:20261030"], toMail, USER, TODAY), {
    kind: "nothing",
    reason: `Nothing to do for ${USER}: already in the post state ({MAIL}I:SupannExpire:20261020:20261030)`,
  });
  // A target without an end date is no problem (upstream crashed).
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20261020", "{MAIL}A:SupannActif"], toMail, USER, TODAY), {
    kind: "change",
    changes: [change("{MAIL}A:SupannActif", "{MAIL}I:SupannExpire:20261020:20261030")],
  });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20261020"], toMail, USER, TODAY), { kind: "failed", error: "Post-state target resource 'MAIL' not found on user profile" });
});

const APPS = [
  "{APP-wiki}A::20250101:20261001",
  "{APP-mail.prod_2}A::20250101:20261201",
  "{APP-vpn}I:SupannExpire:20240101:20240131",
  "{COMPTE}A:SupannActif:20240101:20271231",
  "{MAIL}A:SupannActif:20240101:20270101",
];

test("prolongation (post state = pre state): the expired value gets a new period from its end date", (t) => {
  const prolong = rule({ fdTasksLifeCyclePostState: "A", fdTasksLifeCyclePostSubState: "SupannActif", fdTasksLifeCyclePostEndDate: "365" });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20250101:20261127"], prolong, USER, TODAY), {
    kind: "change",
    changes: [change("{COMPTE}A:SupannActif:20250101:20261127", "{COMPTE}A:SupannActif:20261127:20271127")],
  });
});

test("REGEX pre and post: each expired matching value moves itself, under its own name", (t) => {
  const both = rule({
    fdTasksLifeCyclePreResource: "REGEX",
    fdTasksLifeCyclePostResource: "REGEX",
    fdTasksLifeCycleRegexPattern: "^APP-",
    fdTasksLifeCyclePreSubState: [],
    fdTasksLifeCyclePostEndDate: "15",
  });
  t.deepEqual(planUser(APPS, both, USER, TODAY), { kind: "change", changes: [change("{APP-wiki}A::20250101:20261001", "{APP-wiki}I:SupannExpire:20261001:20261016")] });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20201231"], both, USER, TODAY), { kind: "nothing", reason: `Nothing to do for ${USER}: no value for pattern '^APP-'` });
});

test("REGEX pre, static post: an expired matching value moves the named resource", (t) => {
  const preRegex = rule({
    fdTasksLifeCyclePreResource: "REGEX",
    fdTasksLifeCyclePostResource: "MAIL",
    fdTasksLifeCycleRegexPattern: "^APP-",
    fdTasksLifeCyclePreSubState: [],
    fdTasksLifeCyclePostEndDate: "15",
  });
  t.deepEqual(planUser(APPS, preRegex, USER, TODAY), { kind: "change", changes: [change("{MAIL}A:SupannActif:20240101:20270101", "{MAIL}I:SupannExpire:20261001:20261016")] });
  // Several expired: the earliest end starts the new period.
  const two = ["{APP-b}A::20250101:20261101", "{APP-a}A::20250101:20261015", "{MAIL}A:SupannActif:20240101:20270101"];
  t.deepEqual(planUser(two, preRegex, USER, TODAY), { kind: "change", changes: [change("{MAIL}A:SupannActif:20240101:20270101", "{MAIL}I:SupannExpire:20261015:20261030")] });
});

test("static pre, REGEX post: when the account expires every matching resource moves (those already there stay); none matching fails", (t) => {
  const postRegex = rule({ fdTasksLifeCyclePostResource: "REGEX", fdTasksLifeCycleRegexPattern: "^APP-", fdTasksLifeCyclePostEndDate: "15" });
  const values = [
    "{COMPTE}A:SupannActif:20240101:20261120",
    "{APP-wiki}A::20250101:20271001",
    "{APP-vpn}I:SupannExpire:20240101:20240131",
    "{APP-sso.b_2}S::20240101:",
    "{MAIL}A:SupannActif:20240101:20270101",
  ];
  t.deepEqual(planUser(values, postRegex, USER, TODAY), {
    kind: "change",
    changes: [change("{APP-wiki}A::20250101:20271001", "{APP-wiki}I:SupannExpire:20261120:20261205"), change("{APP-sso.b_2}S::20240101:", "{APP-sso.b_2}I:SupannExpire:20261120:20261205")],
  });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20261120", "{APP-vpn}I:SupannExpire:20240101:20240131"], postRegex, USER, TODAY), {
    kind: "nothing",
    reason: `Nothing to do for ${USER}: already in the post state ({APP-vpn}I:SupannExpire:20240101:20240131)`,
  });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20240101:20261120"], postRegex, USER, TODAY), { kind: "failed", error: "Post-state target pattern '^APP-' not found on user profile" });
});

test("unreadable values fail the subtask only when the rule may concern them", (t) => {
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20231001:20261127", "{WIFI}garbage", "{VPN}A::2026-01-01:"], DEMO, USER, TODAY), {
    kind: "change",
    changes: [change("{COMPTE}A:SupannActif:20231001:20261127", "{COMPTE}I:SupannExpire:20261127:20261227")],
  });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif:20231001:2026-11-27", "{MAIL}A:SupannActif:20231001:20261127"], DEMO, USER, TODAY), {
    kind: "failed",
    error: `Unreadable supannRessourceEtatDate value "{COMPTE}A:SupannActif:20231001:2026-11-27" on ${USER}: its end date "2026-11-27" is not a YYYYMMDD date`,
  });
  t.deepEqual(planUser(["garbage", "{COMPTE}Actif", "{COMPTE}A:SupannActif:20231001:20261127"], DEMO, USER, TODAY), {
    kind: "failed",
    error: `Unreadable supannRessourceEtatDate value "garbage" on ${USER}: it does not start with a {RESOURCE} label (and 1 more)`,
  });
  const regex = rule({ fdTasksLifeCyclePreResource: "REGEX", fdTasksLifeCyclePostResource: "REGEX", fdTasksLifeCycleRegexPattern: "^APP-" });
  t.is(planUser(["{APP-x}Actif"], regex, USER, TODAY).kind, "failed");
  t.is(planUser(["{VPN}Actif"], regex, USER, TODAY).kind, "nothing");
});

test("account closure: locks {COMPTE} when every watched resource is inactive", (t) => {
  const closure = rule({ fdTasksLifeCycleEnableAccountClosure: "TRUE", fdTasksLifeCyclePreResource: "REGEX", fdTasksLifeCycleRegexPattern: "^APP-" });
  const inactive = ["{COMPTE}A:SupannActif:20240101:20271231", "{APP-wiki}I:SupannExpire:20261001:20261016", "{APP-vpn}S::20240101:", "{MAIL}A:SupannActif:20240101:20270101"];
  t.deepEqual(planUser(inactive, closure, USER, TODAY), { kind: "change", changes: [change("{COMPTE}A:SupannActif:20240101:20271231", "{COMPTE}S:SupannVerrouAdministratif:20261128:")] });
  t.deepEqual(planUser([...inactive.slice(1), "{APP-new}A::20261101:20271101", "{COMPTE}A:SupannActif"], closure, USER, TODAY), {
    kind: "nothing",
    reason: `Account closure not needed for ${USER} - user has active resources ({APP-new}A::20261101:20271101)`,
  });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif", "{MAIL}I::20240101:"], closure, USER, TODAY), { kind: "nothing", reason: `No matching resources found for ${USER} - nothing to process` });
  t.deepEqual(planUser(["{APP-wiki}I::20240101:"], closure, USER, TODAY), { kind: "failed", error: "No ACCOUNT resource found to deactivate" });
  t.deepEqual(planUser(["{COMPTE}S:SupannVerrouAdministratif:20261101:", "{APP-wiki}I::20240101:"], closure, USER, TODAY), {
    kind: "nothing",
    reason: `Nothing to do for ${USER}: the account is already locked ({COMPTE}S:SupannVerrouAdministratif:20261101:)`,
  });
});

test("account closure with '*': every resource but the account itself is watched; an account alone is never locked", (t) => {
  const any = rule({ fdTasksLifeCycleEnableAccountClosure: "TRUE", fdTasksLifeCyclePreResource: "*" });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif"], any, USER, TODAY), { kind: "nothing", reason: `No matching resources found for ${USER} - nothing to process` });
  t.deepEqual(planUser(["{COMPTE}A:SupannActif", "{MAIL}I::20240101:", "{WIFI}S"], any, USER, TODAY), {
    kind: "change",
    changes: [change("{COMPTE}A:SupannActif", "{COMPTE}S:SupannVerrouAdministratif:20261128:")],
  });
  t.is(planUser(["{COMPTE}A:SupannActif", "{MAIL}Actif"], any, USER, TODAY).kind, "failed");
});

test("the modification deletes the old values and adds the new ones once, leaving the others", (t) => {
  t.deepEqual(valueModification(["{COMPTE}A:x:1:2", "{MAIL}A:x:1:2"], [change("{COMPTE}A:x:1:2", "{COMPTE}I:y:2:3")]), { remove: ["{COMPTE}A:x:1:2"], add: ["{COMPTE}I:y:2:3"] });
  // A new value already present (LDAP compares these case-insensitively) is not added again.
  t.deepEqual(valueModification(["{MAIL}A:x:1:2", "{mail}i:Y:2:3"], [change("{MAIL}A:x:1:2", "{MAIL}I:Y:2:3")]), { remove: ["{MAIL}A:x:1:2"], add: [] });
  t.deepEqual(valueModification(["{A}A::1:2", "{A}A::1:3"], [change("{A}A::1:2", "{A}I::1:9"), change("{A}A::1:3", "{A}I::1:9")]), { remove: ["{A}A::1:2", "{A}A::1:3"], add: ["{A}I::1:9"] });
});
