import { randomUUID } from "node:crypto";
import type { MailMessage } from "@fdo/sdk";
import MailComposer from "nodemailer/lib/mail-composer";
import type MimeNode from "nodemailer/lib/mime-node";
import { type PreparedMessage, RawMessage } from "./prepared-message.js";
import { toSendMailOptions } from "./to-send-mail-options.js";

/** An address nodemailer writes in a header as it is: ASCII dot-atom, no display name, nothing to encode. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
/** The header fields that differ from one message of a template to the next. */
const PER_MESSAGE_FIELD = /^(?:to|date|message-id):/i;
/** Templates kept compiled; a run rarely uses more than a few, and a new run reads its templates anew. */
const CACHE_SIZE = 16;

/** Everything of a message but its recipients, composed once. */
interface Compiled {
  /** The header fields but To, Date and Message-ID, CRLF-terminated. */
  readonly head: Buffer;
  /** The blank line and the MIME body, attachments encoded. */
  readonly body: Buffer;
  readonly envelopeFrom: string;
  /** Cc and Bcc: envelope recipients that no To header names. */
  readonly otherRecipients: readonly string[];
  readonly idDomain: string;
}

/** RFC 5322 date as nodemailer writes it. */
const dateField = (now: Date): string => now.toUTCString().replace(/GMT/, "+0000");

/**
 * Builds the message of each template once, not once per recipient: nodemailer composes every message from scratch
 * (headers encoded, addresses parsed, a random boundary per part, attachments base64-encoded), which was most of a
 * mail run's CPU. Messages that differ only in their To addresses share one composed body and header block; each
 * gets its own To, Date and Message-ID and goes to the pool as raw bytes with its envelope. A message whose recipient
 * would need encoding (non-ASCII, a display name) is composed whole by nodemailer.
 */
export class MessageCompiler {
  readonly #compiled = new Map<string, Promise<Compiled>>();
  readonly #contentIds = new WeakMap<object, number>();
  #nextContentId = 0;

  async prepare(message: MailMessage): Promise<PreparedMessage> {
    if (!message.to.every((address) => PLAIN_ADDRESS.test(address))) return composer(message);
    const compiled = await this.#compile(message);
    const messageId = `<${randomUUID()}@${compiled.idDomain}>`;
    const fields = Buffer.from(`To: ${message.to.join(", ")}\r\nDate: ${dateField(new Date())}\r\nMessage-ID: ${messageId}\r\n`, "latin1");
    return new RawMessage({ from: compiled.envelopeFrom, to: [...message.to, ...compiled.otherRecipients] }, messageId, Buffer.concat([fields, compiled.head, compiled.body]));
  }

  #compile(message: MailMessage): Promise<Compiled> {
    const key = this.#keyOf(message);
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      compiled = compose(message);
      compiled.catch(() => this.#compiled.delete(key));
      this.#compiled.set(key, compiled);
      if (this.#compiled.size > CACHE_SIZE) this.#compiled.delete(this.#compiled.keys().next().value as string);
    }
    return compiled;
  }

  /** Everything but `to`; attachment contents by identity (a run's template cache hands out the same buffers). */
  #keyOf(message: MailMessage): string {
    const attachments = message.attachments?.map((attachment) => ({ ...attachment, content: typeof attachment.content === "string" ? attachment.content : this.#contentId(attachment.content) }));
    return JSON.stringify({ ...message, to: undefined, attachments });
  }

  #contentId(content: object): number {
    let id = this.#contentIds.get(content);
    if (id === undefined) {
      id = this.#nextContentId++;
      this.#contentIds.set(content, id);
    }
    return id;
  }
}

/** nodemailer's MIME tree of a message; its contents come from LDAP templates, never from a file path or a URL. */
const composer = (message: MailMessage): MimeNode => new MailComposer({ ...toSendMailOptions(message), disableFileAccess: true, disableUrlAccess: true }).compile();

async function compose(message: MailMessage): Promise<Compiled> {
  const node = composer({ ...message, to: [] });
  const built = await node.build();
  const split = built.indexOf("\r\n\r\n");
  const fields = built
    .subarray(0, split)
    .toString("latin1")
    .split(/\r\n(?![ \t])/);
  const envelope = node.getEnvelope();
  const from = envelope.from === false ? "" : envelope.from;
  return {
    head: Buffer.from(`${fields.filter((field) => !PER_MESSAGE_FIELD.test(field)).join("\r\n")}\r\n`, "latin1"),
    body: built.subarray(split + 2),
    envelopeFrom: from,
    otherRecipients: envelope.to,
    idDomain: from.split("@").pop() || "localhost",
  };
}
