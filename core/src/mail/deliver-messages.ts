import { errorText, isOrchestratorError, type LogFields, type Logger, type MailMessage } from "@fdo/sdk";
import type { Mailer } from "./mailer.js";

/**
 * How a batch of messages went: how many reached their recipients, and the server's reply for each that did not.
 */
export interface MessageDelivery {
  readonly delivered: number;
  readonly errors: readonly string[];
  /** Messages handed over whole before the connection was lost without a reply: they may have been delivered. */
  readonly unknown: number;
  /** True when every message that failed was refused for now (a 4xx reply), even after the retries. */
  readonly transient: boolean;
}

/**
 * How a refused-for-now message (an SMTP 4xx reply) is tried again within the run: after each delay in turn, then
 * given up. `wait` is injectable so tests need no timers.
 */
export interface TransientRetry {
  readonly delaysMs: readonly number[];
  readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Short and growing: a greylisting or busy server gets about five seconds per message. */
export const DEFAULT_TRANSIENT_RETRY: TransientRetry = {
  delaysMs: [250, 1000, 4000],
  wait: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    }),
};

const detailOf = (error: unknown, key: string): unknown => (isOrchestratorError(error) ? error.details?.[key] : undefined);

/** A 4xx reply: the server refuses for now and expects the client to try again later. */
export function isTransientRefusal(error: unknown): boolean {
  const code = detailOf(error, "smtpCode");
  return typeof code === "number" && code >= 400 && code < 500;
}

const isDeliveryUnknown = (error: unknown): boolean => detailOf(error, "deliveryUnknown") === true;

const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The SMTP server's reply inside a mailer error (`... rejected: 550 <x@y>: Recipient address rejected` →
 * `550 <x@y>: Recipient address rejected`), or the whole text when it quotes none (e.g. connection refused).
 */
export function smtpReply(error: unknown): string {
  const text = errorText(error);
  return /(?:^|: )([45]\d{2}[ -].*)$/.exec(text)?.[1] ?? text;
}

/**
 * Sends messages one after the other (the mailer's pool spreads concurrent callers), stopping at `signal`. A
 * message counts as delivered when none of its `to` recipients was refused: with a BCC the server may refuse the
 * recipient yet accept the message, and then nothing is thrown. Failures are logged with `fields` (e.g. the
 * subtask DN) and returned as the server's replies. A message refused for now (4xx) is sent again after each of
 * `retry`'s delays; one whose connection was lost after it was handed over counts as `unknown` and is never resent.
 */
export async function deliverMessages(
  mailer: Mailer,
  messages: readonly MailMessage[],
  options: { readonly signal: AbortSignal; readonly logger: Logger; readonly fields?: LogFields; readonly retry?: TransientRetry },
): Promise<MessageDelivery> {
  const retry = options.retry ?? DEFAULT_TRANSIENT_RETRY;
  const errors: string[] = [];
  let delivered = 0;
  let unknown = 0;
  let transient = true;
  for (const message of messages) {
    const to = message.to.join(", ");
    if (options.signal.aborted) {
      errors.push(`Not sent to ${to}: the run was aborted`);
      transient = false;
      continue;
    }
    try {
      const receipt = await sendRetrying(mailer, message, retry, options);
      const refusedIn = (addresses: readonly string[]) => addresses.filter((address) => receipt.rejected.some((rejected) => sameAddress(rejected, address)));
      const refused = refusedIn(message.to);
      const refusedBcc = refusedIn(message.bcc ?? []);
      if (refusedBcc.length > 0) errors.push(`SMTP Error: BCC recipient refused: ${refusedBcc.join(", ")}`);
      if (refused.length === 0) {
        delivered += 1;
        continue;
      }
      const reply = receipt.rejectedErrors?.find((rejection) => refused.some((address) => sameAddress(rejection.recipient, address)))?.response;
      errors.push(reply ?? `SMTP Error: The following recipients failed: ${refused.join(", ")}`);
      transient = false;
    } catch (error) {
      if (isDeliveryUnknown(error)) {
        unknown += 1;
        errors.push(`Delivery unknown for ${to}: the connection was lost after the message was handed over (${smtpReply(error)})`);
        options.logger.error("mail delivery unknown: the connection was lost after the message was handed over", { ...options.fields, to, error: errorText(error) });
      } else {
        errors.push(smtpReply(error));
        options.logger.warn("mail not sent", { ...options.fields, to, error: errorText(error) });
      }
      transient &&= isTransientRefusal(error);
    }
  }
  return { delivered, errors, unknown, transient: transient && errors.length > 0 };
}

async function sendRetrying(mailer: Mailer, message: MailMessage, retry: TransientRetry, options: { readonly signal: AbortSignal; readonly logger: Logger; readonly fields?: LogFields }) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await mailer.send(message);
    } catch (error) {
      const delay = retry.delaysMs[attempt];
      if (delay === undefined || !isTransientRefusal(error) || options.signal.aborted) throw error;
      options.logger.info("mail refused for now, trying again", { ...options.fields, to: message.to.join(", "), attempt: attempt + 1, delayMs: delay, error: errorText(error) });
      await retry.wait(delay, options.signal);
      if (options.signal.aborted) throw error;
    }
  }
}
