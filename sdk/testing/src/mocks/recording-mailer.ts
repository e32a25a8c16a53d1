import type { Mailer, MailReceipt } from "@fdo/core";
import type { MailMessage } from "@fdo/sdk";

/**
 * How a {@link RecordingMailer} treats an address: `{ throw }` fails the whole message with that text (the server
 * refused it, e.g. `550 relay denied`), `"rejected"` refuses that recipient only.
 * @public
 */
export type Refusal = { readonly throw: string } | "rejected";

/**
 * The host's pooled SMTP sender in memory, behind {@link MockOutbox}: records every message it accepts, in order.
 * @public
 */
export class RecordingMailer implements Mailer {
  /** Every message handed over and not refused as a whole, in order. */
  readonly sent: MailMessage[] = [];

  constructor(private readonly refuse: Readonly<Record<string, Refusal>> = {}) {}

  async send(message: MailMessage): Promise<MailReceipt> {
    const all = [...message.to, ...(message.bcc ?? [])];
    const rejected: string[] = [];
    for (const address of all) {
      const rule = this.refuse[address];
      if (rule === "rejected") rejected.push(address);
      else if (rule !== undefined) throw new Error(rule.throw);
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>`, accepted: all.filter((address) => !rejected.includes(address)), rejected };
  }

  async verify(): Promise<void> {}
}
