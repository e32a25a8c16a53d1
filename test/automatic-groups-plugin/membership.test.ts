import test from "ava";
import { acceptedStates, qualifyingValue } from "../../plugins/automatic-groups/src/membership.js";
import { compilePattern } from "../../plugins/automatic-groups/src/resources.js";

const TARGET = "cn=g,ou=groups,dc=example,dc=org";
const NAMES = ["COMPTE", "MAIL", "APP-wiki", "APP-mail", "WIFI", "APP-wiki", "APP bad{name}"];
const pattern = (source: string) => {
  const compiled = compilePattern(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.pattern;
};

test("a plain rule accepts its own state; a REGEX rule one state per known resource the pattern matches", (t) => {
  const expired = { resource: "COMPTE", state: "I", subState: "SupannExpire" };
  t.deepEqual(acceptedStates({ kind: "state", targetGroup: TARGET, target: expired }, NAMES), [expired]);
  t.deepEqual(acceptedStates({ kind: "pattern", targetGroup: TARGET, target: { resource: "REGEX", state: "I", subState: "" }, pattern: pattern("^APP-") }, NAMES), [
    { resource: "APP-wiki", state: "I", subState: "" },
    { resource: "APP-mail", state: "I", subState: "" },
  ]);
  t.deepEqual(
    acceptedStates({ kind: "pattern", targetGroup: TARGET, target: { resource: "X-REGEX", state: "A", subState: "" }, pattern: pattern("^(MAIL|WIFI)$") }, NAMES).map((state) => state.resource),
    ["X-MAIL", "X-WIFI"],
  );
});

test("a user qualifies by supannRessourceEtat; no sub-state in the rule accepts any (upstream required an exact string)", (t) => {
  const expired = [{ resource: "COMPTE", state: "I", subState: "SupannExpire" }];
  const inactive = [{ resource: "COMPTE", state: "I", subState: "" }];
  t.is(qualifyingValue(["{COMPTE}A:SupannActif", "{COMPTE}I:SupannExpire"], expired), "{COMPTE}I:SupannExpire");
  t.is(qualifyingValue(["{COMPTE}I"], expired), undefined);
  t.is(qualifyingValue(["{COMPTE}I:SupannExpire"], inactive), "{COMPTE}I:SupannExpire");
  t.is(qualifyingValue([], inactive), undefined);
  const apps = [
    { resource: "APP-wiki", state: "I", subState: "" },
    { resource: "APP-mail", state: "I", subState: "" },
  ];
  t.is(qualifyingValue(["{COMPTE}I:SupannExpire", "{APP-mail}I:SupannExpire"], apps), "{APP-mail}I:SupannExpire");
  t.is(qualifyingValue(["{APP-wikipedia}I"], apps), undefined, "resource names compare whole");
});
