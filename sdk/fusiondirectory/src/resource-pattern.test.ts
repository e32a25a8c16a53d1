import test from "ava";
import { compileResourcePattern as compileNamed, MAX_PATTERN_LENGTH } from "./resource-pattern.js";

const compileResourcePattern = (pattern: string) => compileNamed(pattern, "fdTasksLifeCycleRegexPattern");

function refused(pattern: string): string {
  const check = compileResourcePattern(pattern);
  if (check.ok) throw new Error(`${pattern} was accepted`);
  return check.error;
}

test("ordinary resource patterns compile and match names, unanchored and case-sensitive", (t) => {
  const cases: Array<[string, string[], string[]]> = [
    ["^APP-", ["APP-wiki", "APP-wiki.prod_2"], ["MYAPP-x", "app-wiki"]],
    ["^(APP|SVC)_[A-Z]+$", ["APP_WIKI", "SVC_MAIL"], ["APP_wiki", "APP_", "XAPP_WIKI"]],
    ["\\.prod(_\\d)?$", ["wiki.prod", "wiki.prod_2"], ["wiki-prod", "wiki.prod_22"]],
    ["MAIL", ["MAIL", "MAILBOX", "WEBMAIL"], ["mail"]],
    ["^[A-Z]{2,8}-[0-9]{1,3}$", ["AB-1", "ABCDEFGH-999"], ["A-1", "AB-1000"]],
    ["^(?:COMPTE|MAIL)$", ["COMPTE", "MAIL"], ["COMPTES"]],
    ["a/b", ["xa/by"], ["ab"]], // no delimiters: a slash is an ordinary character (upstream wrapped it in /.../)
  ];
  for (const [pattern, matching, other] of cases) {
    const check = compileResourcePattern(pattern);
    if (!check.ok) return t.fail(`${pattern}: ${check.error}`);
    for (const name of matching) t.true(check.regex.test(name), `${pattern} ~ ${name}`);
    for (const name of other) t.false(check.regex.test(name), `${pattern} !~ ${name}`);
  }
});

test("invalid syntax is refused with the engine's reason (PCRE-only syntax included)", (t) => {
  t.is(refused("(APP"), 'fdTasksLifeCycleRegexPattern "(APP" is refused: it is not a valid regular expression (Unterminated group)');
  t.regex(refused("[z-a]"), /not a valid regular expression \(Range out of order in character class\)/);
  t.regex(refused("a++"), /not a valid regular expression \(Nothing to repeat\)/); // possessive quantifier (PCRE)
  t.regex(refused("(?i)app"), /not a valid regular expression \(Invalid group\)/); // inline flag (PCRE)
  t.regex(refused("*APP"), /not a valid regular expression/);
});

test("too long or empty patterns are refused", (t) => {
  t.regex(refused("A".repeat(MAX_PATTERN_LENGTH + 1)), /longer than 200 characters/);
  t.true(compileResourcePattern("A".repeat(MAX_PATTERN_LENGTH)).ok);
  t.regex(refused(""), /it is empty/);
});

test("nested quantifiers and repeated alternations, the exponential shapes, are refused", (t) => {
  for (const pattern of ["(a+)+", "(a+)+$", "^(a*)*b", "(a?){25}a{25}", "((ab)*c)+", "(?:x+y?)*z", "(a+){2}", "(?<n>a+)+", "(?=(a+)+)b", "(\\w+\\s?)+$"]) {
    t.regex(refused(pattern), /nested quantifiers such as \(a\+\)\+ can take exponential time/, pattern);
  }
  for (const pattern of ["(a|a)*", "(a|ab)+c", "^(APP|SVC)+$", "(?:(x|y)z)*", "(a|b){3}"]) {
    t.regex(refused(pattern), /repeated group contains an alternation/, pattern);
  }
});

test("backreferences, huge repetition counts and too many quantifiers are refused", (t) => {
  t.regex(refused("(a)\\1"), /backreferences are not allowed/);
  t.regex(refused("(?<x>a)\\k<x>"), /backreferences are not allowed/);
  t.regex(refused("a{1001}"), /repetition counts above 1000/);
  t.regex(refused("a{2,5000}"), /repetition counts above 1000/);
  t.regex(refused(".*.*.*.*x"), /more than 3 quantifiers/);
  t.regex(refused("a?b?c?d?"), /more than 3 quantifiers/);
});

test("what is allowed stays allowed: optional groups, exact counts inside repeats, classes and escapes", (t) => {
  for (const pattern of ["(a+)?", "(?:[A-Z]{2})+", "[(+*)]+", "\\(x+\\)+", "a{3}", "^APP-.*$", "x{,5}", "\\d{4}\\.\\d+"]) {
    const check = compileResourcePattern(pattern);
    t.true(check.ok, `${pattern}: ${check.ok ? "" : check.error}`);
  }
});

// No clock here (tests never time): what keeps matching bounded is the input size. Names are at most 64 characters
// and an accepted pattern has at most 3 variable quantifiers, so a failing match explores at most 65^3 splits.
test("the worst accepted patterns are bounded by the quantifier limit, and one more quantifier is refused", (t) => {
  const longestName = "a".repeat(64);
  for (const pattern of [".*.*.*x", "\\w{0,1000}\\w{0,1000}\\w{0,1000}$x"]) {
    const check = compileResourcePattern(pattern);
    if (!check.ok) return t.fail(check.error);
    t.false(check.regex.test(longestName), pattern);
  }
  t.regex(refused(".*.*.*.*x"), /more than 3 quantifiers/);
  t.regex(refused("\\w{0,1000}\\w{0,1000}\\w{0,1000}\\w{0,1000}$x"), /more than 3 quantifiers/);
});

test("the guard reads a pattern once: the longest nested pattern it accepts to look at gets a verdict", (t) => {
  const depth = MAX_PATTERN_LENGTH / 2;
  t.true(compileResourcePattern("(".repeat(depth) + ")".repeat(depth)).ok);
  t.regex(refused(`${"(".repeat(depth - 2)}a+${")".repeat(depth - 2)}+`), /nested quantifiers/);
});
