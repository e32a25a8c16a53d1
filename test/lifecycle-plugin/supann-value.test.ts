import test from "ava";
import { formatSupannValue, parseSupannValue } from "../../plugins/lifecycle/src/supann-value.js";

const readable: Array<[string, { resource: string; state: string; subState: string; start: string; end: string }]> = [
  ["{COMPTE}A:SupannActif:20240901:20270831", { resource: "COMPTE", state: "A", subState: "SupannActif", start: "20240901", end: "20270831" }],
  ["{APP-wiki}I:SupannExpire:20250101:20250131", { resource: "APP-wiki", state: "I", subState: "SupannExpire", start: "20250101", end: "20250131" }],
  ["{mail.example.org}A::20250101:20251231", { resource: "mail.example.org", state: "A", subState: "", start: "20250101", end: "20251231" }],
  ["{VPN_ext-2.b}S:SupannVerrouAdministratif:20250101:", { resource: "VPN_ext-2.b", state: "S", subState: "SupannVerrouAdministratif", start: "20250101", end: "" }],
  ["{UAI:0751717J}A:::20261231", { resource: "UAI:0751717J", state: "A", subState: "", start: "", end: "20261231" }],
  // Missing fields: the supannRessourceEtat spellings and partial ones.
  ["{COMPTE}A", { resource: "COMPTE", state: "A", subState: "", start: "", end: "" }],
  ["{COMPTE}A:SupannActif", { resource: "COMPTE", state: "A", subState: "SupannActif", start: "", end: "" }],
  ["{COMPTE}A:SupannActif:20240901", { resource: "COMPTE", state: "A", subState: "SupannActif", start: "20240901", end: "" }],
  ["{COMPTE}A:::", { resource: "COMPTE", state: "A", subState: "", start: "", end: "" }],
  // Blanks around the value are tolerated (the raw value is kept for the compare-and-swap).
  ["  {COMPTE}A:SupannActif:20240901:20270831 ", { resource: "COMPTE", state: "A", subState: "SupannActif", start: "20240901", end: "20270831" }],
  ["{COMPTE}a:local state:20240229:20280229", { resource: "COMPTE", state: "a", subState: "local state", start: "20240229", end: "20280229" }],
];

for (const [raw, expected] of readable) {
  test(`reads ${JSON.stringify(raw)}`, (t) => {
    t.deepEqual(parseSupannValue(raw), { ok: true, value: { raw, ...expected } });
  });
}

const garbage: Array<[string, string | undefined, RegExp]> = [
  ["", undefined, /does not start with a \{RESOURCE\} label/],
  ["garbage", undefined, /does not start with a \{RESOURCE\} label/],
  ["COMPTE}A:SupannActif:20240901:20270831", undefined, /does not start/],
  ["{}A", undefined, /does not start/],
  ["{COMPTE A}A", undefined, /does not start/],
  [`{${"X".repeat(65)}}A`, undefined, /longer than 64 characters/],
  ["{COMPTE}", "COMPTE", /no state letter/],
  ["{COMPTE}:SupannActif:20240901:20270831", "COMPTE", /no state letter/],
  ["{COMPTE}Actif:SupannActif:20240901:20270831", "COMPTE", /state "Actif" is not one letter/],
  ["{COMPTE}A:Supann{Actif}:20240901:20270831", "COMPTE", /sub-state .* forbidden characters/],
  ["{COMPTE}A:SupannActif:2024-09-01:20270831", "COMPTE", /start date "2024-09-01" is not a YYYYMMDD date/],
  ["{COMPTE}A:SupannActif:20240901:20270231", "COMPTE", /end date "20270231" is not a YYYYMMDD date/],
  ["{COMPTE}A:SupannActif:20240901:2027083", "COMPTE", /end date "2027083"/],
  ["{COMPTE}A:SupannActif:20240901:20271301", "COMPTE", /end date "20271301"/],
  ["{COMPTE}A:SupannActif:20240901:20270831:extra", "COMPTE", /more than STATE:SUBSTATE:START:END/],
  ["{COMPTE}A:SupannActif:00000101:20270831", "COMPTE", /start date "00000101"/],
];

for (const [raw, resource, error] of garbage) {
  test(`refuses ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} with a clear reason`, (t) => {
    const parsed = parseSupannValue(raw);
    if (parsed.ok) return t.fail("parsed");
    t.is(parsed.raw, raw);
    t.is(parsed.resource, resource);
    t.regex(parsed.error, error);
  });
}

test("values are written with all four fields, empty ones kept", (t) => {
  t.is(formatSupannValue({ resource: "COMPTE", state: "I", subState: "SupannExpire", start: "20260630", end: "20260730" }), "{COMPTE}I:SupannExpire:20260630:20260730");
  t.is(formatSupannValue({ resource: "APP-x.y_z", state: "I", subState: "", start: "20260630", end: "" }), "{APP-x.y_z}I::20260630:");
  const round = "{VPN_ext-2.b}S:SupannVerrouAdministratif:20250101:";
  const parsed = parseSupannValue(round);
  t.true(parsed.ok && formatSupannValue(parsed.value) === round);
});
