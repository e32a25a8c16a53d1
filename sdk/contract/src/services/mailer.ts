/**
 * An attachment of a {@link MailMessage}.
 * @public
 */
export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType?: string;
}

/**
 * One message. Every address list is sent as given: the mailer never adds recipients.
 * @public
 */
export interface MailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
  /** Extra headers, e.g. `Disposition-Notification-To` for a read receipt. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What the SMTP server said about a message.
 * @public
 */
export interface MailReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** The server's reply for each refused recipient, when it gave one (a message may be refused for some only). */
  readonly rejectedErrors?: ReadonlyArray<{ readonly recipient: string; readonly response: string }>;
}

/**
 * Pooled SMTP sending. Sends may run concurrently; the pool bounds the connections. Failures are thrown as
 * `FDO_ERR_MAIL_SEND_FAILED` with the server's answer in the message.
 * @public
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
  /** Connects and greets the server once; throws when it is unreachable. */
  verify(): Promise<void>;
}
