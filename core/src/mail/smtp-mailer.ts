import type { Logger, MailMessage } from "@fdo/sdk";
import { MailSendFailedError } from "@fdo/sdk";
import SMTPPool from "nodemailer/lib/smtp-pool";
import { toMailSendFailedError } from "./mail-send-error.js";
import type { Mailer, MailReceipt } from "./mailer.js";
import { MessageCompiler } from "./message-compiler.js";
import { sendThroughPool } from "./pool-send.js";

/**
 * How the SMTP session is protected: `tls` is implicit TLS from the first byte (port 465), `starttls` upgrades
 * a plain connection and fails if the server cannot, `opportunistic` upgrades when the server offers STARTTLS
 * (upstream's behaviour under `MAIL_SEC_VERIFY=FALSE`), `none` never encrypts.
 * @public
 */
export type SmtpSecurity = "none" | "opportunistic" | "starttls" | "tls";

/**
 * Options of {@link SmtpMailer}.
 * @public
 */
export interface SmtpMailerOptions {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Skip certificate verification. Only an explicit `true` does; anything else verifies. */
  readonly tlsInsecure?: boolean;
  /** Upper bound of simultaneous SMTP connections; default 5. */
  readonly maxConnections?: number;
  readonly logger: Logger;
}

// nodemailer waits 2 minutes for a connection and 30 s for the greeting by default; a task run should learn
// sooner that the relay is gone.
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

function poolOptions(options: SmtpMailerOptions): SMTPPool.Options {
  return {
    host: options.host,
    port: options.port,
    // "starttls" must never fall back to plain text: requireTLS fails the send instead.
    secure: options.security === "tls",
    requireTLS: options.security === "starttls",
    ignoreTLS: options.security === "none",
    tls: { rejectUnauthorized: options.tlsInsecure !== true },
    ...(options.auth === undefined ? {} : { auth: { user: options.auth.user, pass: options.auth.pass } }),
    maxConnections: options.maxConnections ?? 5,
    // The default of 100 closes each connection after 100 messages; every reconnect pays the server's greeting delay.
    maxMessages: Infinity,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
  };
}

/**
 * The orchestrator's {@link Mailer}: nodemailer 10's pool of SMTP connections, messages composed by
 * {@link MessageCompiler}. Concurrent sends are queued by the pool; failures become `FDO_ERR_MAIL_SEND_FAILED`
 * carrying the server's answer, never the password.
 * @public
 */
export class SmtpMailer implements Mailer {
  readonly #pool: SMTPPool;
  readonly #secrets: readonly string[];
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #compiler = new MessageCompiler();
  #closed = false;

  constructor(options: SmtpMailerOptions) {
    this.#pool = new SMTPPool(poolOptions(options));
    this.#secrets = options.auth === undefined ? [] : [options.auth.pass];
    this.#logger = options.logger;
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    if (this.#closed) throw new MailSendFailedError("mail could not be sent: the mailer is closed");
    let handedOver = false;
    const sending = this.#compiler.prepare(message).then((prepared) =>
      sendThroughPool(this.#pool, prepared, () => {
        handedOver = true;
      }),
    );
    this.#inFlight.add(sending);
    try {
      const info = await sending;
      const receipt: MailReceipt = {
        messageId: info.messageId,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        rejectedErrors: (info.rejectedErrors ?? []).map((error) => ({ recipient: String(error.recipient ?? ""), response: String(error.response ?? error.message) })),
      };
      if (receipt.rejected.length > 0) {
        this.#logger.warn("SMTP server rejected some recipients", { messageId: receipt.messageId, rejected: receipt.rejected });
      } else {
        this.#logger.debug("mail sent", { messageId: receipt.messageId, recipients: receipt.accepted.length });
      }
      return receipt;
    } catch (error) {
      throw toMailSendFailedError(error, this.#secrets, undefined, { handedOver });
    } finally {
      this.#inFlight.delete(sending);
    }
  }

  async verify(): Promise<void> {
    try {
      await this.#pool.verify();
    } catch (error) {
      throw toMailSendFailedError(error, this.#secrets, "SMTP server check failed");
    }
  }

  /** Lets sends in flight finish, then closes the pool's connections so the process can exit. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    this.#pool.close();
  }
}
