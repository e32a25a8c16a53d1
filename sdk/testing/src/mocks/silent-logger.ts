import type { Logger } from "@fdo/sdk";

/**
 * A {@link Logger} that drops everything, for tests that do not look at logs.
 * @public
 */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
