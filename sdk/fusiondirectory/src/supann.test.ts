// SupAnn values: the strict parser (values a task rewrites), the lenient one (values a task only looks at), the
// formatters, state matching, lock sub-states and end dates.
import test from "ava";
import {
  formatSupannState,
  formatSupannValue,
  hasSupannValueEnded,
  isInSupannState,
  isSupannLockSubState,
  isSupannResourceName,
  isSupannStateLetter,
  isSupannSubState,
  MAX_SUPANN_RESOURCE_LENGTH,
  matchesSupannState,
  parseSupannValue,
  SUPANN_ACCOUNT_RESOURCE,
  type SupannValue,
} from "./supann.js";
import { type CalendarDate, todayIn } from "./time/calendar-days.js";

type Fields = Omit<SupannValue, "raw">;
const lenient = (raw: string) => parseSupannValue(raw, { lenient: true });
const shown = (raw: string) => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

// ---- strict ----

const readable: Array<[string, Fields]> = [
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
  [`{${"X".repeat(64)}}A`, { resource: "X".repeat(64), state: "A", subState: "", start: "", end: "" }],
];

for (const [raw, expected] of readable) {
  test(`strict: reads ${shown(raw)}`, (t) => {
    t.deepEqual(parseSupannValue(raw), { ok: true, value: { raw, ...expected } });
  });
}

const garbage: Array<[string, string | undefined, RegExp]> = [
  ["", undefined, /does not start with a \{RESOURCE\} label/],
  ["garbage", undefined, /does not start with a \{RESOURCE\} label/],
  ["COMPTE}A:SupannActif:20240901:20270831", undefined, /does not start/],
  ["{}A", undefined, /does not start/],
  ["{COMPTE A}A", undefined, /does not start/],
  ["x{COMPTE}S:SupannVerrouille", undefined, /does not start/],
  [`{${"X".repeat(65)}}A`, undefined, /longer than 64 characters/],
  ["{COMPTE}", "COMPTE", /no state letter/],
  ["{COMPTE}:SupannActif:20240901:20270831", "COMPTE", /no state letter/],
  ["{COMPTE}Actif:SupannActif:20240901:20270831", "COMPTE", /state "Actif" is not one letter/],
  ["{COMPTE}A:Supann{Actif}:20240901:20270831", "COMPTE", /sub-state .* forbidden characters/],
  ["{COMPTE}A:Supann\u0000Actif", "COMPTE", /sub-state .* forbidden characters/],
  ["{COMPTE}A:SupannActif:2024-09-01:20270831", "COMPTE", /start date "2024-09-01" is not a YYYYMMDD date/],
  ["{COMPTE}A:SupannActif: 20240901:20270831", "COMPTE", /start date " 20240901"/],
  ["{COMPTE}A:SupannActif:20240901:20270231", "COMPTE", /end date "20270231" is not a YYYYMMDD date/],
  ["{COMPTE}A:SupannActif:20240901:20250229", "COMPTE", /end date "20250229"/],
  ["{COMPTE}A:SupannActif:20240901:2027083", "COMPTE", /end date "2027083"/],
  ["{COMPTE}A:SupannActif:20240901:20271301", "COMPTE", /end date "20271301"/],
  ["{COMPTE}A:SupannActif:20240901:20270831:extra", "COMPTE", /more than STATE:SUBSTATE:START:END/],
  ["{COMPTE}A:SupannActif:00000101:20270831", "COMPTE", /start date "00000101"/],
];

for (const [raw, resource, error] of garbage) {
  test(`strict: refuses ${shown(raw)} with a clear reason`, (t) => {
    const parsed = parseSupannValue(raw);
    if (parsed.ok) return t.fail("parsed");
    t.is(parsed.raw, raw);
    t.is(parsed.resource, resource);
    t.regex(parsed.error, error);
  });
}

test("strict field rules, shared with code that validates a task's resource, state and sub-state", (t) => {
  for (const name of ["COMPTE", "APP-wiki.prod_2", "UAI:0751717J", "X".repeat(MAX_SUPANN_RESOURCE_LENGTH)]) t.true(isSupannResourceName(name), name);
  for (const name of ["", "COMPTE A", "{COMPTE}", "APP/wiki", "X".repeat(MAX_SUPANN_RESOURCE_LENGTH + 1)]) t.false(isSupannResourceName(name), name);
  for (const state of ["A", "I", "S", "a"]) t.true(isSupannStateLetter(state), state);
  for (const state of ["", "AI", "1", " A"]) t.false(isSupannStateLetter(state), state);
  for (const subState of ["", "SupannActif", "local state"]) t.true(isSupannSubState(subState), subState);
  for (const subState of ["a:b", "a{b", "a}b", "a\nb", "a\u007fb"]) t.false(isSupannSubState(subState), JSON.stringify(subState));
});

// ---- lenient ----

test("lenient: supannRessourceEtat values, with and without sub-state; blanks trimmed", (t) => {
  t.like(lenient("{COMPTE}A:SupannActif"), { ok: true, value: { resource: "COMPTE", state: "A", subState: "SupannActif", start: "", end: "" } });
  t.like(lenient("{MAIL}I"), { ok: true, value: { resource: "MAIL", state: "I", subState: "" } });
  t.like(lenient("{COMPTE}S"), { ok: true, value: { resource: "COMPTE", state: "S", subState: "" } });
  t.like(lenient(" {SI-RH.x}S:SupannVerrouTechnique "), { ok: true, value: { resource: "SI-RH.x", state: "S", subState: "SupannVerrouTechnique" } });
  t.like(lenient("{ COMPTE }S : SupannVerrouille "), { ok: true, value: { resource: "COMPTE", state: "S", subState: "SupannVerrouille" } });
  t.deepEqual(lenient("{COMPTE}S:SupannVerrouille:20250101:"), {
    ok: true,
    value: { raw: "{COMPTE}S:SupannVerrouille:20250101:", resource: "COMPTE", state: "S", subState: "SupannVerrouille", start: "20250101", end: "" },
  });
});

test("lenient: supannRessourceEtatDate values: empty fields, missing fields, dates kept as written", (t) => {
  t.deepEqual(lenient("{COMPTE}A:SupannActif:20240901:20270831"), {
    ok: true,
    value: { raw: "{COMPTE}A:SupannActif:20240901:20270831", resource: "COMPTE", state: "A", subState: "SupannActif", start: "20240901", end: "20270831" },
  });
  t.like(lenient("{COMPTE}A:::20251231"), { value: { state: "A", subState: "", start: "", end: "20251231" } });
  t.like(lenient("{COMPTE}S:SupannVerrouAdministratif:20250101:"), { value: { subState: "SupannVerrouAdministratif", start: "20250101", end: "" } });
  t.like(lenient("{COMPTE}A"), { value: { state: "A", subState: "", start: "", end: "" } });
  t.like(lenient("{COMPTE}A:SupannActif:20240901:2027-08-31"), { value: { end: "2027-08-31" } });
  t.like(lenient("{COMPTE}A:SupannActif: 20240101 : 20240229 "), { value: { start: "20240101", end: "20240229" } });
});

test("lenient: what the strict parser refuses is read when it has a label; the dates stay the last two fields", (t) => {
  t.like(lenient("{COMPTE}Actif:SupannActif:20240901:20270831"), { ok: true, value: { state: "Actif" } });
  t.like(lenient("{COMPTE}"), { ok: true, value: { resource: "COMPTE", state: "", subState: "" } });
  t.like(lenient("{COMPTE}:SupannActif"), { ok: true, value: { state: "", subState: "SupannActif" } });
  t.like(lenient("{COMPTE A}A:Supann{Actif}"), { ok: true, value: { resource: "COMPTE A", subState: "Supann{Actif}" } });
  t.like(lenient("{COMPTE}A:local:sub:20240101:20250101"), { ok: true, value: { subState: "local:sub", start: "20240101", end: "20250101" } });
  t.like(lenient(`{${"X".repeat(65)}}A`), { ok: true, value: { resource: "X".repeat(65) } });
});

test("lenient: a value without a {RESOURCE} label is still unreadable", (t) => {
  for (const raw of ["", "garbage", "COMPTE:A", "COMPTE S", "{}A", "{ }A", "x{COMPTE}S:SupannVerrouille", "COMPTE}A"]) {
    t.deepEqual(lenient(raw), { ok: false, raw, resource: undefined, error: "it does not start with a {RESOURCE} label" }, JSON.stringify(raw));
  }
});

// ---- formatting ----

test("supannRessourceEtatDate values are written with all four fields, empty ones kept", (t) => {
  t.is(formatSupannValue({ resource: "COMPTE", state: "I", subState: "SupannExpire", start: "20260630", end: "20260730" }), "{COMPTE}I:SupannExpire:20260630:20260730");
  t.is(formatSupannValue({ resource: "APP-x.y_z", state: "I", subState: "", start: "20260630", end: "" }), "{APP-x.y_z}I::20260630:");
  t.is(formatSupannValue({ resource: SUPANN_ACCOUNT_RESOURCE, state: "A", subState: "", start: "", end: "" }), "{COMPTE}A:::");
  const round = "{VPN_ext-2.b}S:SupannVerrouAdministratif:20250101:";
  const parsed = parseSupannValue(round);
  t.true(parsed.ok && formatSupannValue(parsed.value) === round);
});

test("supannRessourceEtat values are written {R}S or {R}S:SUB", (t) => {
  t.is(formatSupannState({ resource: "COMPTE", state: "A", subState: "SupannActif" }), "{COMPTE}A:SupannActif");
  t.is(formatSupannState({ resource: "COMPTE", state: "S", subState: "SupannVerrouille" }), "{COMPTE}S:SupannVerrouille");
  t.is(formatSupannState({ resource: "MAIL", state: "I", subState: "" }), "{MAIL}I");
  t.is(formatSupannState({ resource: "MAIL", state: "I", subState: undefined }), "{MAIL}I");
  t.is(formatSupannState({ resource: "APP-wiki.prod_2", state: "I" }), "{APP-wiki.prod_2}I");
  const parsed = lenient("{COMPTE}S:SupannVerrouille:20250101:");
  t.true(parsed.ok && formatSupannState(parsed.value) === "{COMPTE}S:SupannVerrouille");
});

// ---- matching ----

test("matching a state: resource and state whole, and the sub-state when the target names one", (t) => {
  const active = { resource: "COMPTE", state: "A", subState: "SupannActif" };
  t.true(matchesSupannState(active, { resource: "COMPTE", state: "A", subState: "SupannActif" }));
  t.true(matchesSupannState(active, { resource: "COMPTE", state: "A", subState: "" }));
  t.true(matchesSupannState(active, { resource: "COMPTE", state: "A", subState: undefined }));
  t.true(matchesSupannState(active, { resource: "COMPTE", state: "A" }));
  t.false(matchesSupannState(active, { resource: "COMPTE", state: "A", subState: "Supann" })); // upstream's prefix test matched this
  t.false(matchesSupannState(active, { resource: "COMPTE", state: "I", subState: "" }));
  t.false(matchesSupannState(active, { resource: "MAIL", state: "A", subState: "" }));
  t.false(matchesSupannState({ resource: "COMPTE", state: "A", subState: "" }, { resource: "COMPTE", state: "A", subState: "SupannActif" }));
});

test("matching is exact by default and case-insensitive on request", (t) => {
  const active = { resource: "COMPTE", state: "A", subState: "SupannActif" };
  const lower = { resource: "compte", state: "a", subState: "supannactif" };
  t.false(matchesSupannState(active, lower));
  t.true(matchesSupannState(active, lower, { ignoreCase: true }));
  t.false(matchesSupannState(active, { resource: "compte", state: "a", subState: "supann" }, { ignoreCase: true }));
  t.false(isInSupannState("{compte}s:supannverrouille", { resource: "COMPTE", state: "S", subState: "SupannVerrouille" }));
  t.true(isInSupannState("{compte}s:supannverrouille", { resource: "COMPTE", state: "S", subState: "SupannVerrouille" }, { ignoreCase: true }));
});

test("a stored value is in a state: exact per component, wherever the state stands (position 0 too)", (t) => {
  const locked = { resource: "COMPTE", state: "S", subState: "SupannVerrouille" };
  t.true(isInSupannState("{COMPTE}S:SupannVerrouille", locked));
  t.true(isInSupannState(" {COMPTE}S:SupannVerrouille ", locked));
  t.true(isInSupannState("{COMPTE}S:SupannVerrouille:20261126:", locked));
  t.true(isInSupannState("{COMPTE}S:SupannVerrouille:2026-11-26:", locked)); // only looking: a bad date does not hide the state
  t.false(isInSupannState("{COMPTE}S:SupannVerrouilleX", locked));
  t.false(isInSupannState("{MAIL}S:SupannVerrouille", locked));
  t.false(isInSupannState("{COMPTE}A:SupannVerrouille", locked));
  t.false(isInSupannState("{COMPTE}S", locked));
  t.false(isInSupannState("x{COMPTE}S:SupannVerrouille", locked));
  t.false(isInSupannState("COMPTE S", locked));
  // No sub-state in the target: any sub-state of the state matches.
  t.true(isInSupannState("{COMPTE}S:SupannVerrouille", { resource: "COMPTE", state: "S", subState: undefined }));
  t.true(isInSupannState("{COMPTE}S", { resource: "COMPTE", state: "S", subState: "" }));
});

test("SupAnn lock sub-states", (t) => {
  for (const value of ["SupannVerrouAdministratif", "SupannVerrouTechnique", "supannverrou", "SUPANNVERROUILLE"]) t.true(isSupannLockSubState(value), value);
  for (const value of ["SupannActif", "SupannExpire", "", "VerrouSupann", " SupannVerrou"]) t.false(isSupannLockSubState(value), value);
});

// ---- end dates ----

test("a value has ended from local midnight of its end day; an empty or unreadable end never ends", (t) => {
  const day: CalendarDate = { year: 2026, month: 11, day: 28 };
  t.true(hasSupannValueEnded({ end: "20261127" }, day));
  t.true(hasSupannValueEnded({ end: "20261128" }, day));
  t.false(hasSupannValueEnded({ end: "20261129" }, day));
  t.false(hasSupannValueEnded({ end: "" }, day));
  t.false(hasSupannValueEnded({ end: "2026-11-27" }, day));
  t.true(hasSupannValueEnded({ end: "20251231" }, day)); // a year before
  t.false(hasSupannValueEnded({ end: "20270101" }, day));
  // Paris midnight of the end day (2026-11-27T23:00Z) is when it ends.
  t.false(hasSupannValueEnded({ end: "20261128" }, todayIn(new Date("2026-11-27T22:59:59Z"), "Europe/Paris")));
  t.true(hasSupannValueEnded({ end: "20261128" }, todayIn(new Date("2026-11-27T23:00:00Z"), "Europe/Paris")));
  const parsed = parseSupannValue("{COMPTE}A:SupannActif:20240101:20261128");
  t.true(parsed.ok && hasSupannValueEnded(parsed.value, day));
});
