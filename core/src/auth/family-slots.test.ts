// Where logins of one account put their families: shared listings, distinct take-overs, listings after the writes.
import test from "ava";
import { type AccountFamilies, type FamilySlot, FamilySlots } from "./family-slots.js";

const candidates = (count: number, prefix = "f") => Array.from({ length: count }, (_, index) => ({ dn: `cn=${prefix}${index}`, family: `${prefix}${index}`, expected: [] }));

/** A listing function whose calls are counted and answered by the test. */
function listings(answers: Array<AccountFamilies | Error>) {
  const calls: string[] = [];
  const list = async (subject: string) => {
    calls.push(subject);
    const answer = answers.shift();
    if (answer === undefined || answer instanceof Error) throw answer ?? new Error("no more listings");
    return answer;
  };
  return { calls, list };
}

const kinds = (slots: readonly FamilySlot[]) => slots.map((slot) => (slot.kind === "take-over" ? slot.candidate.family : "new"));

test("below the limit a login adds; at it, concurrent logins share one listing and take distinct entries over, least recently used first", async (t) => {
  const { calls, list } = listings([{ count: 2, candidates: candidates(2) }]);
  const slots = new FamilySlots(list, 3);
  const taken = await Promise.all([slots.take("a"), slots.take("a"), slots.take("a")]);
  t.deepEqual(kinds(taken), ["new", "f0", "f1"]);
  t.deepEqual(calls, ["a"]);
});

test("a login finding its listing emptied waits for that listing's writes, then lists again; an idle account lists anew", async (t) => {
  const { calls, list } = listings([
    { count: 2, candidates: candidates(2) },
    { count: 2, candidates: candidates(2, "g") },
    { count: 2, candidates: candidates(2, "h") },
  ]);
  const slots = new FamilySlots(list, 2);
  const first = await Promise.all([slots.take("a"), slots.take("a")]);
  t.deepEqual(kinds(first), ["f0", "f1"]);
  let thirdTaken = false;
  const third = slots.take("a").then((slot) => {
    thirdTaken = true;
    return slot;
  });
  await new Promise((resolve) => setImmediate(resolve));
  t.false(thirdTaken, "the next listing waits for the writes of the slots handed out");
  t.is(calls.length, 1);
  for (const slot of first) slot.settle();
  const slot = await third;
  t.deepEqual(kinds([slot]), ["g0"]);
  t.is(calls.length, 2);
  slot.settle();
  t.deepEqual(kinds([await slots.take("a")]), ["h0"], "idle: the next login lists anew instead of using a stale listing");
  t.is(calls.length, 3);
});

test("a listing that fails, or one without an entry to take over at the limit, gives a new entry", async (t) => {
  const { list } = listings([new Error("directory gone"), { count: 3, candidates: [] }, { count: 3, candidates: [] }]);
  const slots = new FamilySlots(list, 3);
  t.deepEqual(kinds([await slots.take("a")]), ["new"]);
  const slot = await slots.take("b");
  t.deepEqual(kinds([slot]), ["new"], "only entries written before take-overs existed: added, the clean-up revokes");
});
