import type { MailMessage } from "@fdo/sdk";

/** What the SMTP server said about a message. */
export interface MailReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** The server's reply for each refused recipient, when it gave one (a message may be refused for some only). */
  readonly rejectedErrors?: ReadonlyArray<{ readonly recipient: string; readonly response: string }>;
}

/**
 * Pooled SMTP sending (only the Outbox uses it). Sends may run concurrently; the pool bounds the connections.
 * Failures are thrown as `FDO_ERR_MAIL_SEND_FAILED` with the server's answer in the message.
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
  /** Connects and greets the server once; throws when it is unreachable. */
  verify(): Promise<void>;
}
