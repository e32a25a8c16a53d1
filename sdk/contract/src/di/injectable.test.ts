import test from "ava";
import { Injectable } from "./injectable.js";
import { serviceToken } from "./service-token.js";

const Name = serviceToken<string>("fdo.test.Name");

test("the tokens are recorded on the class, in parameter order, under a key shared by every SDK copy", (t) => {
  class Hello {
    constructor(readonly name: string) {}
  }
  Injectable(Name)(Hello);
  t.deepEqual((Hello as unknown as Record<symbol, unknown>)[Symbol.for("fdo.sdk.injectTokens")], [Name]);
});

test("a token count that differs from the constructor's arity is refused with a stable code", (t) => {
  class TwoParameters {
    constructor(
      readonly a: string,
      readonly b: string,
    ) {}
  }
  const error = t.throws(() => Injectable(Name)(TwoParameters));
  t.is((error as { code?: string }).code, "FDO_ERR_DI_ARITY_MISMATCH");
  t.regex(error?.message ?? "", /TwoParameters: constructor has 2 parameters but 1 tokens/);
});

test("tokens made from the same key are the same symbol (survives duplicate SDK copies)", (t) => {
  t.is(serviceToken("fdo.test.Name"), Name);
  t.not(serviceToken("fdo.test.Other"), Name);
});
