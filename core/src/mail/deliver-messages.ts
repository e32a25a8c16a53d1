import { errorText, type LogFields, type Logger, type MailMessage } from "@fdo/sdk";
import type { Mailer } from "./mailer.js";

/**
 * How a batch of messages went: how many reached their recipients, and the server's reply for each that did not.
 */
export interface MessageDelivery {
  readonly delivered: number;
  readonly errors: readonly string[];
}

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
 * subtask DN) and returned as the server's replies.
 */
export async function deliverMessages(mailer: Mailer, messages: readonly MailMessage[], options: { readonly signal: AbortSignal; readonly logger: Logger; readonly fields?: LogFields }): Promise<MessageDelivery> {
  const errors: string[] = [];
  let delivered = 0;
  for (const message of messages) {
    const to = message.to.join(", ");
    if (options.signal.aborted) {
      errors.push(`Not sent to ${to}: the run was aborted`);
      continue;
    }
    try {
      const receipt = await mailer.send(message);
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
    } catch (error) {
      errors.push(smtpReply(error));
      options.logger.warn("mail not sent", { ...options.fields, to, error: errorText(error) });
    }
  }
  return { delivered, errors };
}
