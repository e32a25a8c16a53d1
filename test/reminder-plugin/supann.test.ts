import test from "ava";
import { currentStates, datedValueFor, formatState, isLockSubState, matchesTarget, parseSupannState, parseSupannStateDate } from "../../plugins/reminder/src/supann.js";

test("supannRessourceEtat values: with and without sub-state; unlabelled values are not SupAnn", (t) => {
  t.deepEqual(parseSupannState("{COMPTE}A:SupannActif"), { resource: "COMPTE", state: "A", subState: "SupannActif" });
  t.deepEqual(parseSupannState("{MAIL}I"), { resource: "MAIL", state: "I", subState: "" });
  t.deepEqual(parseSupannState(" {SI-RH.x}S:SupannVerrouTechnique "), { resource: "SI-RH.x", state: "S", subState: "SupannVerrouTechnique" });
  t.is(parseSupannState("COMPTE:A"), undefined);
  t.is(parseSupannState("{}A"), undefined);
});

test("supannRessourceEtatDate values: empty fields, missing fields, unreadable dates", (t) => {
  t.deepEqual(parseSupannStateDate("{COMPTE}A:SupannActif:20240901:20270831"), {
    resource: "COMPTE",
    state: "A",
    subState: "SupannActif",
    start: { year: 2024, month: 9, day: 1 },
    end: { year: 2027, month: 8, day: 31 },
    endText: "20270831",
  });
  t.like(parseSupannStateDate("{COMPTE}A:::20251231"), { state: "A", subState: "", start: undefined, end: { year: 2025, month: 12, day: 31 } });
  t.like(parseSupannStateDate("{COMPTE}S:SupannVerrouAdministratif:20250101:"), { subState: "SupannVerrouAdministratif", end: undefined, endText: "" });
  t.like(parseSupannStateDate("{COMPTE}A"), { state: "A", subState: "", end: undefined, endText: "" });
  t.like(parseSupannStateDate("{COMPTE}A:SupannActif:20240901:2027-08-31"), { end: undefined, endText: "2027-08-31" });
});

test("matching the watched state: resource and state exact (case-insensitive), an empty target sub-state matches any", (t) => {
  const active = { resource: "COMPTE", state: "A", subState: "SupannActif" };
  t.true(matchesTarget(active, { resource: "COMPTE", state: "A", subState: "SupannActif" }));
  t.true(matchesTarget(active, { resource: "compte", state: "a", subState: "supannactif" }));
  t.true(matchesTarget(active, { resource: "COMPTE", state: "A", subState: "" }));
  t.false(matchesTarget(active, { resource: "COMPTE", state: "A", subState: "Supann" })); // upstream's prefix test matched this
  t.false(matchesTarget(active, { resource: "COMPTE", state: "I", subState: "" }));
  t.false(matchesTarget(active, { resource: "MAIL", state: "A", subState: "" }));
  t.is(formatState(active), "{COMPTE}A:SupannActif");
  t.is(formatState({ resource: "MAIL", state: "I", subState: "" }), "{MAIL}I");
});

test("the current state of a resource comes from supannRessourceEtat, else from the dated value", (t) => {
  const states = currentStates(["{COMPTE}A:SupannActif"], ["{COMPTE}I:SupannExpire:20240101:20250101", "{MAIL}S:SupannVerrouTechnique:20240101:"]);
  t.deepEqual(states.get("compte"), { resource: "COMPTE", state: "A", subState: "SupannActif" });
  t.deepEqual(states.get("mail"), { resource: "MAIL", state: "S", subState: "SupannVerrouTechnique" });
  t.is(states.get("wifi"), undefined);
});

test("the dated value of the watched resource prefers the one in the watched state", (t) => {
  const values = ["{MAIL}A:SupannActif:20240101:20261201", "{COMPTE}I::20240101:20250101", "{COMPTE}A:SupannActif:20240101:20261215"];
  t.is(datedValueFor(values, { resource: "COMPTE", state: "A", subState: "" })?.endText, "20261215");
  t.is(datedValueFor(values, { resource: "COMPTE", state: "S", subState: "" })?.endText, "20250101");
  t.is(datedValueFor(values, { resource: "WIFI", state: "A", subState: "" }), undefined);
});

test("SupAnn lock sub-states", (t) => {
  for (const value of ["SupannVerrouAdministratif", "SupannVerrouTechnique", "supannverrou"]) t.true(isLockSubState(value), value);
  for (const value of ["SupannActif", "SupannExpire", "", "VerrouSupann"]) t.false(isLockSubState(value), value);
});
