import { InjectableArityError } from "../errors/registry.js";
import type { ServiceToken } from "./service-token.js";

/**
 * A class the host can construct through dependency injection.
 * @public
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InjectableClass<T> = new (...args: any[]) => T;

// Where the tokens are recorded for the host, which reads them under the same key: Symbol.for, so what any copy of
// the SDK recorded is found.
const INJECT_TOKENS = Symbol.for("fdo.sdk.injectTokens");

/**
 * Declares the services a class's constructor receives, one token per parameter, in order.
 *
 * It works as a legacy or TC39 class decorator and as a plain function call, and it never relies on decorator
 * metadata (esbuild emits none, so implicit constructor typing would silently inject `undefined`). A constructor
 * whose parameter count differs from the token count is refused at once with `FDO_ERR_DI_ARITY_MISMATCH`;
 * parameters with default values or rest parameters are not counted by JavaScript, so do not use them.
 *
 * @example
 * ```ts
 * class WelcomeExecutor implements TaskExecutor {
 *   constructor(private readonly mailer: Mailer, private readonly clock: Clock) {}
 *   async run(run: TaskRun) { ... }
 * }
 * Injectable(TOKENS.Mailer, TOKENS.Clock)(WelcomeExecutor);
 * ```
 * @public
 */
export function Injectable(...tokens: ReadonlyArray<ServiceToken<unknown>>) {
  return <C extends InjectableClass<unknown>>(target: C, _context?: unknown): void => {
    if (target.length !== tokens.length) {
      throw new InjectableArityError(
        `${target.name}: constructor has ${target.length} parameters but ${tokens.length} tokens were declared`,
      );
    }
    // The host constructs the class with these tokens' services; the SDK itself knows no container.
    Object.defineProperty(target, INJECT_TOKENS, { value: Object.freeze([...tokens]) });
  };
}
