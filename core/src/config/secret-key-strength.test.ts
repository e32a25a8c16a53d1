import test from "ava";
import { secretKeyProblems } from "./secret-key-strength.js";

const refused: Array<[string, string, RegExp]> = [
  ["the example file's text", "replace with the output of: openssl rand -base64 48", /published placeholder/],
  ["upstream's sample", "256_web_bit_key", /published placeholder/],
  ["upstream's documented sample", "256 bit key", /published placeholder/],
  ["a sentence asking for a key", "CHANGE ME: put a long random string here, really", /published placeholder/],
  ["31 bytes", "k2#Vq9!zR7$wX1@mN5^bT3&yL8*pD4(", /at least 32 bytes/],
  ["one character", "k".repeat(32), /fewer than 10 distinct characters/],
  ["a short word repeated", "passwordpasswordpasswordpassword", /fewer than 10 distinct characters/],
  ["a long run of one character", "Xq7#mT2!vR9$wL4@aaaaaaZp8^kJ3&nB", /repeats 6 times in a row/],
  ["a counting run", "Xq7#mT2!vR9$wL4@01234567Zp8^kJ3&", /run of 8 consecutive characters/],
  ["a backwards alphabet run", "Xq7#mT2!vR9$wL4@hgfedcbaZp8^kJ3&", /run of 8 consecutive characters/],
];

for (const [label, key, reason] of refused) {
  test(`a SECRET_KEY that is ${label} is refused, saying how to make one and not showing it`, (t) => {
    const problems = secretKeyProblems(key);
    t.is(problems.length, 1);
    t.is(problems[0]?.key, "SECRET_KEY");
    t.regex(problems[0]?.message ?? "", reason);
    t.regex(problems[0]?.message ?? "", /openssl rand -base64 48/);
    t.false((problems[0]?.message ?? "").includes(key));
  });
}

// Output of `openssl rand -base64 48`, `openssl rand -hex 32` and `openssl rand -hex 16`.
const GENERATED = [
  "1XtipXfxDhjuPFQsIPNy4yedn5YGsZfdL4p7N67UbCAvVfSzMs1qdVVH8sRB1iHO",
  "3Comg4Wdq3AsVjJmj7v0fCLifYBIdTPliwDVvsnB1/PZGws/zNSShU4r+plEQRRJ",
  "76a81bcfb46fa4f4fc2d5ca91ccd8c6d232daff67fcb3b99e512acd36172f00d",
  "bd9762082f0695d003c01a4508d8ca8f",
];

test("keys made by openssl rand are accepted, in base64 and in hex", (t) => {
  for (const key of GENERATED) t.deepEqual(secretKeyProblems(key), [], key);
});

test("no key is no problem here (the schema reports a missing one)", (t) => {
  t.deepEqual(secretKeyProblems(undefined), []);
});
