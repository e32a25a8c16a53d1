// Resource name patterns (`fdTasksLifeCycleRegexPattern`, `fdTasksAutomaticGroupsRegexPattern`) are typed by an
// administrator and run against every resource name of every user. JavaScript regular expressions backtrack and
// cannot be interrupted, so a pattern is only compiled when it is provably cheap: bounded length, no backreferences, no repeated group that itself contains a quantifier or an
// alternation (the shapes behind exponential backtracking: `(a+)+`, `(a|a)*`, `(a?){20}`), and few variable
// quantifiers (which bounds polynomial backtracking such as `.*.*.*.*x`, given names of at most 64 characters).

/** Longest resource pattern {@link compileResourcePattern} accepts. @public */
export const MAX_PATTERN_LENGTH = 200;
/** Quantifiers whose count varies (`*`, `+`, `?`, `{n,m}`) allowed in one pattern. @public */
export const MAX_VARIABLE_QUANTIFIERS = 3;
/** Largest explicit repetition count (`{n,m}`). @public */
export const MAX_REPEAT_BOUND = 1000;

/** What {@link compileResourcePattern} returns: the compiled pattern, or why it is refused. @public */
export type PatternCheck = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly error: string };

interface Frame {
  /** Something inside (at any depth) has a variable quantifier. */
  quantified: boolean;
  /** Something inside (at any depth) is an alternation. */
  alternation: boolean;
}

type Atom = { readonly kind: "none" } | { readonly kind: "simple" } | { readonly kind: "group"; readonly frame: Frame };

const NONE: Atom = { kind: "none" };
const SIMPLE: Atom = { kind: "simple" };
const BRACES = /^\{(\d+)(,(\d*))?\}/;

class Refused extends Error {}

/** Length of the `(?...` group prefix at `index` (`(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`). */
function groupPrefixLength(pattern: string, index: number): number {
  if (pattern[index + 1] !== "?") return 1;
  const rest = pattern.slice(index + 2);
  if (rest.startsWith("<=") || rest.startsWith("<!")) return 4;
  if (rest.startsWith("<")) {
    const close = rest.indexOf(">");
    return close === -1 ? 3 : close + 3;
  }
  return 3;
}

function endOfClass(pattern: string, index: number): number {
  let at = index + 1;
  if (pattern[at] === "^") at += 1;
  while (at < pattern.length && pattern[at] !== "]") at += pattern[at] === "\\" ? 2 : 1;
  return at + 1;
}

/** Throws {@link Refused} when the pattern can backtrack badly. The pattern is known to compile. */
function checkComplexity(pattern: string): void {
  const stack: Frame[] = [{ quantified: false, alternation: false }];
  const top = (): Frame => stack[stack.length - 1] as Frame;
  let last: Atom = NONE;
  let variable = 0;

  const quantify = (min: number, max: number): void => {
    if (min > MAX_REPEAT_BOUND || (Number.isFinite(max) && max > MAX_REPEAT_BOUND)) throw new Refused(`repetition counts above ${MAX_REPEAT_BOUND} are not allowed`);
    if (last.kind === "group" && max > 1 && (last.frame.quantified || last.frame.alternation)) {
      throw new Refused(
        last.frame.quantified
          ? "a repeated group contains a quantifier (nested quantifiers such as (a+)+ can take exponential time)"
          : "a repeated group contains an alternation (such as (a|ab)*, which can take exponential time)",
      );
    }
    if (max !== min) {
      variable += 1;
      top().quantified = true;
      if (variable > MAX_VARIABLE_QUANTIFIERS) throw new Refused(`more than ${MAX_VARIABLE_QUANTIFIERS} quantifiers (*, +, ?, {n,m})`);
    }
    last = NONE;
  };

  for (let index = 0; index < pattern.length; ) {
    const char = pattern[index] as string;
    switch (char) {
      case "\\": {
        const next = pattern[index + 1] ?? "";
        if (/[1-9]/.test(next) || (next === "k" && pattern[index + 2] === "<")) throw new Refused("backreferences are not allowed");
        index += 2;
        last = SIMPLE;
        break;
      }
      case "[":
        index = endOfClass(pattern, index);
        last = SIMPLE;
        break;
      case "(":
        stack.push({ quantified: false, alternation: false });
        index += groupPrefixLength(pattern, index);
        last = NONE;
        break;
      case ")": {
        const frame = stack.length > 1 ? (stack.pop() as Frame) : { quantified: false, alternation: false };
        top().quantified ||= frame.quantified;
        top().alternation ||= frame.alternation;
        last = { kind: "group", frame };
        index += 1;
        break;
      }
      case "|":
        top().alternation = true;
        last = NONE;
        index += 1;
        break;
      case "*":
      case "+":
      case "?":
        index += 1;
        if (pattern[index] === "?") index += 1; // lazy
        quantify(char === "+" ? 1 : 0, char === "?" ? 1 : Number.POSITIVE_INFINITY);
        break;
      case "{": {
        const braces = BRACES.exec(pattern.slice(index));
        if (braces === null || last.kind === "none") {
          last = SIMPLE; // a literal brace (Annex B)
          index += 1;
          break;
        }
        const min = Number(braces[1]);
        const max = braces[2] === undefined ? min : braces[3] === "" ? Number.POSITIVE_INFINITY : Number(braces[3]);
        index += braces[0].length;
        if (pattern[index] === "?") index += 1;
        quantify(min, max);
        break;
      }
      default:
        last = SIMPLE;
        index += 1;
    }
  }
}

/**
 * Compiles an administrator's resource name pattern for matching SupAnn resource names (unanchored, case-sensitive,
 * JavaScript syntax, no delimiters), or explains why it is refused; `attribute` names where the pattern came from in
 * that explanation (e.g. `fdTasksLifeCycleRegexPattern "(a+)+" is refused: ...`). Runs in time linear in the
 * pattern's length, and what it accepts runs in bounded time on resource names of at most
 * {@link MAX_SUPANN_RESOURCE_LENGTH} characters.
 * @public
 */
export function compileResourcePattern(pattern: string, attribute: string): PatternCheck {
  const shown = JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern);
  const refuse = (why: string): PatternCheck => ({ ok: false, error: `${attribute} ${shown} is refused: ${why}` });
  if (pattern === "") return refuse("it is empty");
  if (pattern.length > MAX_PATTERN_LENGTH) return refuse(`it is longer than ${MAX_PATTERN_LENGTH} characters`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "") : String(error);
    return refuse(`it is not a valid regular expression (${reason})`);
  }
  try {
    checkComplexity(pattern);
  } catch (error) {
    if (error instanceof Refused) return refuse(error.message);
    throw error;
  }
  return { ok: true, regex };
}
