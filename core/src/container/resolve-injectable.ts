import type { DependencyContainer } from "tsyringe";
import type { InjectableClass, ServiceToken } from "@fdo/sdk";

// Where @fdo/sdk's `Injectable` records a class's tokens: Symbol.for, so a plugin's own copy of the SDK records
// them under the same key as the core's.
const INJECT_TOKENS = Symbol.for("fdo.sdk.injectTokens");

/**
 * Constructs a plugin class with the services its `Injectable(...)` declaration names, in order, from `container`.
 * A class without parameters needs no declaration; one with parameters but none is refused.
 */
export function resolveInjectable<T>(container: DependencyContainer, target: InjectableClass<T>): T {
  const tokens = (target as unknown as Record<symbol, unknown>)[INJECT_TOKENS] as ReadonlyArray<ServiceToken<unknown>> | undefined;
  if (tokens === undefined && target.length > 0) {
    throw new TypeError(`${target.name}: constructor has ${target.length} parameters but declares no services (Injectable(...tokens)(${target.name}))`);
  }
  return new target(...(tokens ?? []).map((token) => container.resolve(token)));
}
