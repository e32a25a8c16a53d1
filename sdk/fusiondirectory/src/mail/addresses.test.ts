import test from "ava";
import { cleanAddressValue, isAttributeName, isValidAddress, looksLikeDn } from "./addresses.js";

test("plain addresses are valid", (t) => {
  for (const address of ["alice.martin@example.org", "a+tag@sub.example.org", "x@y"]) t.true(isValidAddress(address), address);
});

test("header injection, lists, display names and missing @ are refused", (t) => {
  for (const value of [
    "alice@example.org\r\nBcc: evil@example.net",
    "alice@example.org\nX: y",
    "alice.example.org",
    "a@b@c",
    "alice@example.org, evil@example.net",
    "alice@example.org;evil@example.net",
    "Alice <alice@example.org>",
    " alice@example.org",
    "@example.org",
    "alice@",
    "",
    "FALSE",
    "al\u0000ice@example.org",
  ]) {
    t.false(isValidAddress(value), JSON.stringify(value));
  }
});

test("labels are removed from stored addresses", (t) => {
  t.is(cleanAddressValue("{PRO}jane@example.org"), "jane@example.org");
  t.is(cleanAddressValue(" {SUPANN}{X}jane@example.org "), "jane@example.org");
  t.is(cleanAddressValue("jane@example.org"), "jane@example.org");
});

test("DNs are told apart from addresses", (t) => {
  t.true(looksLikeDn("uid=bob,ou=people,dc=example,dc=org"));
  t.true(looksLikeDn("uid=bob@x,ou=people,dc=example,dc=org"));
  t.false(looksLikeDn("bob.durand@example.org"));
  t.false(looksLikeDn("a=b@example.org"));
});

test("attribute names are checked", (t) => {
  t.true(isAttributeName("supannMailPerso"));
  t.true(isAttributeName("mail"));
  t.false(isAttributeName("mail)(uid=*"));
  t.false(isAttributeName(""));
});
