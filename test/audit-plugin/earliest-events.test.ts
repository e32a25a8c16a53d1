import test from "ava";
import { EarliestItems } from "../../plugins/audit/src/earliest-events.js";

test("keeps the smallest items in order and says when larger ones were left out", (t) => {
  const earliest = new EarliestItems<number>(3, (a, b) => a - b);
  for (const value of [9, 4, 7, 1, 8, 3, 6, 2, 5]) earliest.add(value);
  t.deepEqual(earliest.take(), { items: [1, 2, 3], more: true });
});

test("fewer items than the limit: all of them, nothing more", (t) => {
  const earliest = new EarliestItems<number>(5, (a, b) => a - b);
  for (const value of [3, 1, 2]) earliest.add(value);
  t.deepEqual(earliest.take(), { items: [1, 2, 3], more: false });
  t.deepEqual(new EarliestItems<number>(1, (a, b) => a - b).take(), { items: [], more: false });
});

test("a long stream in the worst order still yields the smallest; the limit must be positive", (t) => {
  const earliest = new EarliestItems<number>(10, (a, b) => a - b);
  for (let value = 100_000; value > 0; value -= 1) earliest.add(value);
  t.deepEqual(earliest.take(), { items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], more: true });
  t.throws(() => new EarliestItems<number>(0, (a, b) => a - b));
});
