import "reflect-metadata";
import test from "ava";
import { container } from "tsyringe";
import { Injectable, serviceToken } from "@fdo/sdk";
import { resolveInjectable } from "./resolve-injectable.js";

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
  const greeter = resolveInjectable(scope, Greeter);
  t.is(greeter.greeting, "bonjour");
  t.is(greeter.count, 3);
});

test("tokens recorded by another SDK copy are read too (same Symbol.for key)", (t) => {
  class Foreign {
    constructor(readonly greeting: string) {}
  }
  Object.defineProperty(Foreign, Symbol.for("fdo.sdk.injectTokens"), { value: [Symbol.for("fdo.test.Greeting")] });
  const scope = container.createChildContainer();
  scope.register(Greeting, { useValue: "hallo" });
  t.is(resolveInjectable(scope, Foreign).greeting, "hallo");
});

test("a class without parameters needs no declaration; one with parameters but none is refused", (t) => {
  class Plain {
    readonly made = true;
  }
  class Undeclared {
    constructor(readonly greeting: string) {}
  }
  const scope = container.createChildContainer();
  t.true(resolveInjectable(scope, Plain).made);
  t.throws(() => resolveInjectable(scope, Undeclared), { message: /Undeclared: constructor has 1 parameters but declares no services/ });
});
