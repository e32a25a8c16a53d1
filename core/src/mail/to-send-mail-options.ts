import type { MailMessage } from "@fdo/sdk";
import type { SendMailOptions } from "nodemailer";

/**
 * Maps an SDK {@link MailMessage} onto nodemailer's message options. Only the listed recipients are used: the
 * envelope is derived from To, Cc and Bcc, and nodemailer leaves the Bcc header out of the message.
 */
export function toSendMailOptions(message: MailMessage): SendMailOptions {
  return {
    from: message.from,
    to: [...message.to],
    ...(message.cc === undefined || message.cc.length === 0 ? {} : { cc: [...message.cc] }),
    ...(message.bcc === undefined || message.bcc.length === 0 ? {} : { bcc: [...message.bcc] }),
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
    subject: message.subject,
    ...(message.text === undefined ? {} : { text: message.text }),
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
    ...(message.attachments === undefined
      ? {}
      : {
          attachments: message.attachments.map((attachment) => ({
            filename: attachment.filename,
            content: attachment.content,
            ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }),
          })),
        }),
  };
}
