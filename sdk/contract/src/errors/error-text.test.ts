import test from "ava";
import { errorText } from "./error-text.js";

test("an error becomes one readable line, never empty", (t) => {
  t.is(errorText(new Error("550 mailbox\n  unavailable")), "550 mailbox unavailable");
  t.is(errorText("plain text"), "plain text");
  t.is(errorText(new Error("   ")), "unknown error");
});
