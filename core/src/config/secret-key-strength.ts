import type { ConfigProblem } from "./validate-config.js";

const MIN_BYTES = 32;
const MIN_DISTINCT_CHARACTERS = 10;
// Longer runs, or fewer distinct characters, turn up in fewer than one random hex key in ten thousand.
const MAX_REPEAT_RUN = 5;
const MAX_SEQUENCE_RUN = 7;
const HOW_TO_MAKE_ONE = "make one with: openssl rand -base64 48";

// Texts published as SECRET_KEY samples: this project's example file and upstream's samples and documentation.
const PLACEHOLDERS = ["replace with the output of: openssl rand -base64 48", "256_web_bit_key", "256 bit key"];
const PLACEHOLDER_WORDS = /openssl rand|replace with|change ?me|your[ _-]?secret/i;

/** Length of the longest run of one character repeated, and of characters whose codes step by +1 or -1. */
function longestRuns(key: string): { repeat: number; sequence: number } {
  let repeat = 1;
  let sequence = 1;
  let currentRepeat = 1;
  let currentSequence = 1;
  let step = 0;
  for (let index = 1; index < key.length; index += 1) {
    const delta = key.charCodeAt(index) - key.charCodeAt(index - 1);
    const stepping = delta === 1 || delta === -1;
    currentRepeat = delta === 0 ? currentRepeat + 1 : 1;
    currentSequence = stepping && delta === step ? currentSequence + 1 : stepping ? 2 : 1;
    step = delta;
    repeat = Math.max(repeat, currentRepeat);
    sequence = Math.max(sequence, currentSequence);
  }
  return { repeat, sequence };
}

function weakness(key: string): string | undefined {
  if (PLACEHOLDERS.includes(key.trim().toLowerCase()) || PLACEHOLDER_WORDS.test(key)) return "is a published placeholder, not a secret";
  if (Buffer.byteLength(key) < MIN_BYTES) return `must be at least ${MIN_BYTES} bytes long`;
  if (new Set(key).size < MIN_DISTINCT_CHARACTERS) return `is not random: it uses fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters`;
  const runs = longestRuns(key);
  if (runs.repeat > MAX_REPEAT_RUN) return `is not random: one character repeats ${runs.repeat} times in a row`;
  if (runs.sequence > MAX_SEQUENCE_RUN) return `is not random: it holds a run of ${runs.sequence} consecutive characters (like 0123... or abcd...)`;
  return undefined;
}

/**
 * Refuses a signing key anyone could know or guess: a published sample, too short, or plainly not random. The
 * message says how to make a good one and never contains the key.
 */
export function secretKeyProblems(key: string | undefined): ConfigProblem[] {
  const reason = key === undefined ? undefined : weakness(key);
  return reason === undefined ? [] : [{ key: "SECRET_KEY", message: `SECRET_KEY ${reason}; ${HOW_TO_MAKE_ONE}` }];
}
