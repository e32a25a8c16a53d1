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
