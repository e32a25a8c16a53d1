import type MailMessage from "nodemailer/lib/mailer/mail-message";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { PreparedMessage } from "./prepared-message.js";

/**
 * Hands a prepared message to nodemailer's SMTP pool through its transport API (`send(mail, callback)`, which reads
 * `mail.data` and `mail.message`), not through nodemailer's Mail layer: that layer composes every message again (a
 * MIME node with random boundaries, a stream pipeline per message), which cost a mail run more CPU than our own code.
 * `onHandedOver` runs once the whole message was read into DATA: a connection lost after that leaves the delivery
 * unknown, before it the server cannot have stored the mail.
 */
export function sendThroughPool(pool: SMTPPool, message: PreparedMessage, onHandedOver: () => void): Promise<SMTPPool.SentMessageInfo> {
  const mail = {
    data: {},
    message: {
      getEnvelope: () => message.getEnvelope(),
      messageId: () => message.messageId(),
      getHeader: (name: string) => message.getHeader(name),
      createReadStream: () => message.createReadStream().once("end", onHandedOver),
    },
  };
  return new Promise((resolve, reject) => {
    // The pool reads only these members; the type describes the whole Mail layer's message.
    pool.send(mail as unknown as MailMessage<SMTPPool.SentMessageInfo>, (error, info) => {
      if (error === null && info !== undefined) resolve(info);
      else reject(error ?? new Error("the SMTP pool gave neither a result nor an error"));
    });
  });
}
