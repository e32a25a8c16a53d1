import test from "ava";
import { fusionDirectoryBaseUrl, generateToken, prolongationLink, redactedLink, TOKEN_ALPHABET, TOKEN_LENGTH, tokenBranch, tokenLifetimeDays } from "../../plugins/reminder/src/token.js";

// What accountProlongation.php accepts for its parameters.
const FD_PARAMETER = /^[a-zA-Z0-9._%+-@]+$/;

test("tokens have upstream's length and alphabet (URL-safe, accepted by accountProlongation.php) and never repeat", (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i += 1) {
    const token = generateToken();
    t.regex(token, /^[A-Za-z0-9]{43}$/);
    t.true(FD_PARAMETER.test(token));
    t.is(encodeURIComponent(token), token);
    seen.add(token);
  }
  t.is(seen.size, 2000);
  t.is(TOKEN_LENGTH, 43);
  t.is(TOKEN_ALPHABET.length, 62);
});

test("tokens come from the random source, without modulo bias (bytes 248-255 are dropped)", (t) => {
  t.is(
    generateToken((size) => Buffer.alloc(size, 0)),
    "A".repeat(43),
  );
  t.is(
    generateToken((size) => Buffer.alloc(size, 61)),
    "9".repeat(43),
  );
  // 248 would be 'A' again with a plain modulo: it must be skipped, not mapped.
  let call = 0;
  const token = generateToken((size) => {
    call += 1;
    return call === 1 ? Buffer.from([248, 255, 250, 1, ...Array<number>(size - 4).fill(249)]) : Buffer.alloc(size, 2);
  });
  t.is(token, `B${"C".repeat(42)}`);
  // Each of the 248 accepted byte values maps to one character, each character to exactly 4 of them.
  const perChar = new Map<string, number>();
  for (let byte = 0; byte < 248; byte += 1) {
    const char = generateToken((size) => Buffer.alloc(size, byte))[0] ?? "";
    perChar.set(char, (perChar.get(char) ?? 0) + 1);
  }
  t.deepEqual([...new Set(perChar.values())], [4]);
  t.is(perChar.size, 62);
});

test("token lifetime: first call lasts until the second call, second call its own days; fixed where upstream crashed", (t) => {
  t.is(tokenLifetimeDays(30, 30, 15), 15); // first call: 30 - 15
  t.is(tokenLifetimeDays(15, 30, 15), 15); // second call
  t.is(tokenLifetimeDays(60, 60, 10), 50);
  t.is(tokenLifetimeDays(10, 60, 10), 10);
  t.is(tokenLifetimeDays(20, 30, 15), 15); // helper from an older configuration: upstream's "else" branch
  t.is(tokenLifetimeDays(15, 15, undefined), 15); // no second call: upstream's PHP type error
  t.is(tokenLifetimeDays(30, 30, 30), 30); // second call not below the first
  t.is(tokenLifetimeDays(0, 0, undefined), 1);
});

test("FusionDirectory's base URL is the REST URL without /rest.php/v1", (t) => {
  t.is(fusionDirectoryBaseUrl("https://fd.example.org/fusiondirectory/rest.php/v1"), "https://fd.example.org/fusiondirectory");
  t.is(fusionDirectoryBaseUrl("https://fd.example.org/fusiondirectory/rest.php/v1/"), "https://fd.example.org/fusiondirectory");
  t.is(fusionDirectoryBaseUrl("https://fd.example.org/"), "https://fd.example.org");
  t.is(fusionDirectoryBaseUrl(undefined), undefined);
  t.is(fusionDirectoryBaseUrl("  "), undefined);
});

test("the link names the token and the main task (encoded); reports show it without the token", (t) => {
  t.is(prolongationLink("https://fd.example.org/fd", "abc123", "remind-account-expiry"), "https://fd.example.org/fd/accountProlongation.php?token=abc123&task=remind-account-expiry");
  t.is(prolongationLink("https://fd", "x", "expiry reminders & co"), "https://fd/accountProlongation.php?token=x&task=expiry%20reminders%20%26%20co");
  t.is(redactedLink("https://fd", "t1"), "https://fd/accountProlongation.php?token=<token>&task=t1");
});

test("the token branch comes from fdReminderTokenRDN when it is a plain RDN sequence", (t) => {
  t.is(tokenBranch(undefined), "ou=tokens");
  t.is(tokenBranch(" ou=reminder,ou=tokens "), "ou=reminder,ou=tokens");
  t.is(tokenBranch("garbage"), "ou=tokens");
  t.is(tokenBranch("ou=a\\,b"), "ou=tokens");
  t.is(tokenBranch("ou=a;ou=b"), "ou=tokens");
});
