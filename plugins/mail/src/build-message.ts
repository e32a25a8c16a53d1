import type { MailTemplate } from "@fdo/fusiondirectory";
import type { MailMessage } from "@fdo/sdk";

/** Sender, BCC and recipients of one subtask. */
export interface Envelope {
  readonly from: string;
  readonly bcc: string | undefined;
  readonly recipients: readonly string[];
}

/** Template body, plus `"\n\n" + signature` when the template has a signature (upstream MailLib). */
export function messageText(template: Pick<MailTemplate, "body" | "signature">): string {
  return template.signature === undefined ? template.body : `${template.body}\n\n${template.signature}`;
}

/** Each recipient's body (the template's macros applied for that recipient), by address. */
export type RecipientBodies = ReadonlyMap<string, string>;

/**
 * One message per recipient (upstream sends one SMTP transaction per recipient), each carrying the BCC, the
 * template's subject, that recipient's body (`bodies`, default the template's) with the signature, attachments, and `Disposition-Notification-To: <from>` when the template asks for a
 * read receipt.
 */
export function buildMessages(envelope: Envelope, template: MailTemplate, bodies: RecipientBodies = new Map()): MailMessage[] {
  const attachments = template.attachments.map((attachment) => ({ filename: attachment.filename, content: attachment.content }));
  return envelope.recipients.map((recipient) => ({
    from: envelope.from,
    to: [recipient],
    ...(envelope.bcc === undefined ? {} : { bcc: [envelope.bcc] }),
    subject: template.subject,
    text: messageText({ body: bodies.get(recipient) ?? template.body, signature: template.signature }),
    ...(attachments.length === 0 ? {} : { attachments }),
    ...(template.readReceipt ? { headers: { "Disposition-Notification-To": envelope.from } } : {}),
  }));
}

/** What a dry run reports for one message. */
export interface PlannedMail {
  readonly to: string;
  readonly bcc: string | null;
  readonly subject: string;
  readonly attachments: readonly string[];
}

export function describeMessage(message: MailMessage): PlannedMail {
  return {
    to: message.to.join(", "),
    bcc: message.bcc?.[0] ?? null,
    subject: message.subject,
    attachments: (message.attachments ?? []).map((attachment) => attachment.filename),
  };
}
