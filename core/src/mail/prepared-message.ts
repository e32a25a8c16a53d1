import { Readable } from "node:stream";

/** Envelope sender (false: none) and recipients, as nodemailer's MIME nodes give them. */
export interface Envelope {
  readonly from: string | false;
  readonly to: string[];
}

/**
 * A message ready for the SMTP pool: what nodemailer's transports read of a message (`mail.message` of its transport
 * API). A nodemailer MIME node is one; {@link RawMessage} is one built from bytes composed beforehand.
 */
export interface PreparedMessage {
  getEnvelope(): Envelope;
  messageId(): string;
  /** The pool reads only `Message-ID` (for its logs). */
  getHeader(name: string): unknown;
  /** A fresh stream of the whole message each time: the pool reads it again when it moves the message to another connection. */
  createReadStream(): Readable;
}

/** A message whose bytes are all known: its headers and body were composed beforehand. */
export class RawMessage implements PreparedMessage {
  constructor(
    readonly envelope: Envelope,
    readonly id: string,
    readonly raw: Buffer,
  ) {}

  getEnvelope(): Envelope {
    return { from: this.envelope.from, to: [...this.envelope.to] };
  }

  messageId(): string {
    return this.id;
  }

  getHeader(name: string): string | undefined {
    return name.toLowerCase() === "message-id" ? this.id : undefined;
  }

  createReadStream(): Readable {
    const { raw } = this;
    return new Readable({
      read() {
        this.push(raw);
        this.push(null);
      },
    });
  }
}
