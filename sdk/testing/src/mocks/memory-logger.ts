import { Writable } from "node:stream";
import { createLogger } from "@fdo/core";
import type { Logger } from "@fdo/sdk";

/**
 * A logger whose output can be read back, from {@link memoryLogger}.
 * @public
 */
export interface MemoryLogger {
  readonly logger: Logger;
  /** Every line logged so far, parsed (pino's JSON: `level`, `msg`, the fields...). */
  lines(): Array<Record<string, unknown>>;
  /** Everything logged so far, as written. */
  text(): string;
}

/**
 * The host's real (pino) logger at level `debug`, writing into memory, so tests can read what would have been
 * logged, including what it redacts.
 * @public
 */
export function memoryLogger(): MemoryLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const text = (): string => chunks.join("");
  return {
    logger: createLogger({ level: "debug", stream }),
    text,
    lines: () =>
      text()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
