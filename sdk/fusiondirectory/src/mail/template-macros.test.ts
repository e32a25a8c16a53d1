import { fakeEntry } from "@fdo/testing";
import test from "ava";
import { applyTemplateMacros, parseTemplateMacros, recipientFilter } from "./template-macros.js";

test("macros are NAME|attribute; anything else is not a macro", (t) => {
  t.deepEqual(parseTemplateMacros(["NAME|givenName", " CITY | l ", "NOPIPE", "|mail", "A%B|cn", "BAD|not an attribute"]), [
    { name: "NAME", attribute: "givenName" },
    { name: "CITY", attribute: "l" },
  ]);
});

test("each macro becomes the recipient's first value, literally; missing attribute or recipient → empty", (t) => {
  const macros = parseTemplateMacros(["NAME|givenName", "CITY|l"]);
  const jane = fakeEntry("uid=jane,dc=example,dc=org", { givenName: ["$& Jane", "Second"] });
  t.is(applyTemplateMacros("Hi %NAME% from %CITY%, %NAME%!", macros, jane), "Hi $& Jane from , $& Jane!");
  t.is(applyTemplateMacros("Hi %NAME%", macros, null), "Hi ");
  t.is(applyTemplateMacros("Hi %OTHER%", macros, jane), "Hi %OTHER%");
});

test("the recipient search escapes the address", (t) => {
  const filter = recipientFilter("a*)(uid=*");
  t.false(filter.includes("a*)(uid=*"));
  t.true(filter.includes("(mail=a\\2a\\29\\28uid=\\2a)"));
  t.true(filter.includes("(supannMailPrive={*}a\\2a\\29\\28uid=\\2a)"));
});
