// Which SupAnn values a reminder looks at. Parsing, matching and formatting are tested with @fdo/fusiondirectory
// (sdk/fusiondirectory/src/supann.test.ts).
import test from "ava";
import { currentStates, datedValueFor } from "../../plugins/reminder/src/supann.js";

test("the current state of a resource comes from supannRessourceEtat, else from the dated value", (t) => {
  const states = currentStates(["{COMPTE}A:SupannActif"], ["{COMPTE}I:SupannExpire:20240101:20250101", "{MAIL}S:SupannVerrouTechnique:20240101:"]);
  t.deepEqual(states.get("compte"), { resource: "COMPTE", state: "A", subState: "SupannActif" });
  t.deepEqual(states.get("mail"), { resource: "MAIL", state: "S", subState: "SupannVerrouTechnique" });
  t.is(states.get("wifi"), undefined);
});

test("the dated value of the watched resource prefers the one in the watched state", (t) => {
  const values = ["{MAIL}A:SupannActif:20240101:20261201", "{COMPTE}I::20240101:20250101", "{COMPTE}A:SupannActif:20240101:20261215"];
  t.is(datedValueFor(values, { resource: "COMPTE", state: "A", subState: "" })?.end, "20261215");
  t.is(datedValueFor(values, { resource: "COMPTE", state: "S", subState: "" })?.end, "20250101");
  t.is(datedValueFor(values, { resource: "WIFI", state: "A", subState: "" }), undefined);
});
