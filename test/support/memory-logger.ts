import { Writable } from "node:stream";
import { createLogger } from "@fdo/core";
import type { Logger } from "@fdo/sdk";

/** The host's real (pino) logger writing into memory, so tests can read what would have been logged. */
export function memoryLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>>; text: () => string } {
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
    lines: () => text().split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
