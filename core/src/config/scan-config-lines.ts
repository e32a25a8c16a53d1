/** What a line-by-line look at a dotenv file found that the dotenv parser would pass over in silence. */
export interface ConfigLineScan {
  /** 1-based numbers of lines that are neither blank, a comment nor `KEY=value`; the parser drops them. */
  readonly malformed: ReadonlyArray<{ readonly line: number; readonly keyLike: string | undefined }>;
  /** Quoted values running over several lines: legal, but usually a missing closing quote swallowing keys. */
  readonly multiline: ReadonlyArray<{ readonly key: string; readonly from: number; readonly to: number }>;
  /** Quoted values not closed at the end of a line: dotenv keeps their quotes as part of the value. */
  readonly unbalanced: ReadonlyArray<{ readonly key: string; readonly line: number }>;
}

// The shapes dotenv accepts: optional `export`, a key of word characters, dots or dashes, then `=` or `: `.
const KEY_LINE = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)\s*(.*)$/;
const KEY_LIKE = /^\s*([A-Za-z_][\w.-]*)/;

/** Index of the first unescaped `quote` in `text` at or after `from`, or -1. */
function closingQuote(text: string, quote: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === "\\") index += 1;
    else if (text[index] === quote) return index;
  }
  return -1;
}

/**
 * Where the quoted value opened on `lines[index]` ends, as dotenv reads it: at the next unescaped quote if only
 * blanks or a comment follow it on its line; otherwise dotenv keeps the value unquoted on its own line.
 */
function quotedValueEnd(lines: readonly string[], index: number, value: string, quote: string): number | undefined {
  const following = [value.slice(1), ...lines.slice(index + 1)].join("\n");
  const at = closingQuote(following, quote, 0);
  if (at < 0) return undefined;
  const before = following.slice(0, at);
  const rest = following.slice(at + 1).split("\n")[0] as string;
  return /^\s*(?:#.*)?$/.test(rest) ? index + before.split("\n").length - 1 : undefined;
}

/**
 * Reads a dotenv file line by line with the grammar of the dotenv parser, to report what that parser ignores
 * without a word. Values are never returned: they may be secrets.
 */
export function scanConfigLines(text: string): ConfigLineScan {
  const lines = text.split(/\r?\n/);
  const malformed: Array<{ line: number; keyLike: string | undefined }> = [];
  const multiline: Array<{ key: string; from: number; to: number }> = [];
  const unbalanced: Array<{ key: string; line: number }> = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const match = KEY_LINE.exec(line);
    if (match === null) {
      malformed.push({ line: index + 1, keyLike: KEY_LIKE.exec(line)?.[1] });
      continue;
    }
    const key = match[1] as string;
    const value = match[2] as string;
    const quote = value[0];
    if (quote !== '"' && quote !== "'" && quote !== "`") continue;
    const end = quotedValueEnd(lines, index, value, quote);
    if (end === undefined) {
      // dotenv then keeps the quote as part of the value and reads the following lines as usual.
      unbalanced.push({ key, line: index + 1 });
    } else if (end > index) {
      multiline.push({ key, from: index + 1, to: end + 1 });
      index = end;
    }
  }
  return { malformed, multiline, unbalanced };
}
