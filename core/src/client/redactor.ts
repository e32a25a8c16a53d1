/** Anything shaped like a JWT (three base64url parts, the first a JSON header). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

export const REDACTED = "[redacted]";

/**
 * Last line of defence for stdout, stderr and the log file: the password and every token the client received are
 * replaced wherever they would appear, and so is anything that looks like a JWT.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    // Very short values would blank out ordinary words; the server refuses blank passwords anyway.
    if (secret.length >= 4) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    // JSON-escaped forms (a password with quotes or backslashes inside a JSON body).
    for (const secret of this.#secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) result = result.split(escaped).join(REDACTED);
    }
    return result.replace(JWT, REDACTED);
  }
}

/** Where text goes: a stream, or a test's buffer. */
export interface Sink {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export function redactingSink(sink: Sink, redactor: Redactor): Sink {
  return {
    write: (text) => sink.write(redactor.redact(text)),
    ...(sink.isTTY === undefined ? {} : { isTTY: sink.isTTY }),
  };
}
