import test from "ava";
import { archivingValue, notMatchingReason } from "../../plugins/archive/src/match.js";

const EXPIRED = { resource: "COMPTE", state: "I", subState: "SupannExpire" };
const INACTIVE = { resource: "COMPTE", state: "I", subState: "" };

test("a value in the resource, state and sub-state matches; other values are passed over", (t) => {
  const values = ["{MAIL}I:SupannExpire:20250101:20250131", "{COMPTE}I:SupannExpire:20250701:20250731"];
  t.is(archivingValue(values, EXPIRED), "{COMPTE}I:SupannExpire:20250701:20250731");
  t.is(archivingValue(["{COMPTE}A:SupannActif:20240101:20301231"], EXPIRED), undefined);
  t.is(archivingValue([], EXPIRED), undefined);
});

test("the sub-state counts only when the rule names one", (t) => {
  t.is(archivingValue(["{COMPTE}I:::20250630"], EXPIRED), undefined, "no sub-state on the user");
  t.is(archivingValue(["{COMPTE}I:::20250630"], INACTIVE), "{COMPTE}I:::20250630");
  t.is(archivingValue(["{COMPTE}I:SupannExpire:20250101:"], INACTIVE), "{COMPTE}I:SupannExpire:20250101:");
});

test("components compare whole: resource and state are not glued together as upstream did", (t) => {
  t.is(archivingValue(["{COMPT}EI:SupannExpire::"], { resource: "COMPTE", state: "I", subState: "" }), undefined);
  t.is(archivingValue(["{COMPTE}I:SupannExpired::"], EXPIRED), undefined, "SupannExpired is not SupannExpire");
  t.is(archivingValue(["garbage", "{COMPTE}I:SupannExpire::"], EXPIRED), "{COMPTE}I:SupannExpire::", "an unreadable value does not stop the search");
});

test("the reason says what was required and what was found", (t) => {
  const dn = "uid=f16-ben,ou=people,dc=example,dc=org";
  t.is(notMatchingReason(dn, [], EXPIRED), `${dn} has no supannRessourceEtatDate value; {COMPTE}I:SupannExpire is required`);
  t.is(notMatchingReason(dn, ["{COMPTE}A:SupannActif::"], EXPIRED), `${dn} has no supannRessourceEtatDate value in {COMPTE}I:SupannExpire (found "{COMPTE}A:SupannActif::")`);
});
