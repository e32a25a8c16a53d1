import test from "ava";
import { attemptsOf, failedStatus, parseStatus, retryStatus, unknownStatus } from "./subtask-status.js";

test("retry markers carry their attempt count; unknown deliveries are their own state", (t) => {
  t.deepEqual(parseStatus(retryStatus(3, "451 4.3.0 try\nlater")), { kind: "retry", attempts: 3, error: "451 4.3.0 try later" });
  t.is(attemptsOf(retryStatus(3, "451")), 3);
  t.is(attemptsOf("1"), 0);
  t.is(attemptsOf("some error"), 0);
  t.deepEqual(parseStatus(unknownStatus("connection lost")), { kind: "unknown", error: "connection lost" });
});

test("an error text never reads as a retry marker or an unknown delivery", (t) => {
  t.is(parseStatus(failedStatus("retry:2: looks like a marker")).kind, "failed");
  t.is(parseStatus(failedStatus("delivery unknown: looks like one")).kind, "failed");
  t.is(failedStatus("retry:2: x"), "error: retry:2: x");
});
