import "reflect-metadata";
import test from "ava";
import { container } from "tsyringe";
import { Injectable } from "./injectable.js";
import { serviceToken } from "./service-token.js";

const Greeting = serviceToken<string>("fdo.test.Greeting");
const Count = serviceToken<number>("fdo.test.Count");

class Greeter {
  constructor(
    readonly greeting: string,
    readonly count: number,
  ) {}
}
Injectable(Greeting, Count)(Greeter);

test("constructor parameters are injected by token, in order, without decorator metadata", (t) => {
  const scope = container.createChildContainer();
  scope.register(Greeting, { useValue: "bonjour" });
  scope.register(Count, { useValue: 3 });
  const greeter = scope.resolve(Greeter);
  t.is(greeter.greeting, "bonjour");
  t.is(greeter.count, 3);
});

test("a token count that differs from the constructor's arity is refused with a stable code", (t) => {
  class TwoParameters {
    constructor(
      readonly a: string,
      readonly b: string,
    ) {}
  }
  const error = t.throws(() => Injectable(Greeting)(TwoParameters));
  t.is((error as { code?: string }).code, "FDO_ERR_DI_ARITY_MISMATCH");
  t.regex(error?.message ?? "", /TwoParameters: constructor has 2 parameters but 1 tokens/);
});

test("tokens made from the same key are the same symbol (survives duplicate SDK copies)", (t) => {
  t.is(serviceToken("fdo.test.Greeting"), Greeting);
  t.not(serviceToken("fdo.test.Other"), Greeting);
});
