import test from "ava";
import type { Logger, MailMessage } from "@fdo/sdk";
import { deliverMessages, smtpReply } from "./deliver-messages.js";
import type { MailReceipt, Mailer } from "./mailer.js";

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const message = (to: string, bcc?: string): MailMessage => ({ from: "noreply@example.org", to: [to], ...(bcc === undefined ? {} : { bcc: [bcc] }), subject: "s", text: "t" });

function mailer(answer: (message: MailMessage) => MailReceipt | Error): Mailer {
  return {
    send: async (sent) => {
      const result = answer(sent);
      if (result instanceof Error) throw result;
      return result;
    },
    verify: async () => undefined,
  };
}

test("the SMTP reply is cut out of the mailer's error text", (t) => {
  t.is(smtpReply(new Error("mail could not be sent: Can't send mail - all recipients were rejected: 550 <c@x>: Recipient address rejected")), "550 <c@x>: Recipient address rejected");
  t.is(smtpReply(new Error("mail could not be sent: Data command failed: 452-4.2.2 Mailbox full\n452 4.2.2 try later")), "452-4.2.2 Mailbox full 452 4.2.2 try later");
  t.is(smtpReply(new Error("connect ECONNREFUSED 127.0.0.1:25")), "connect ECONNREFUSED 127.0.0.1:25");
});

test("delivered, refused with the server's reply, refused BCC, thrown, aborted: each is accounted", async (t) => {
  const fake = mailer((sent) => {
    const to = sent.to[0] as string;
    if (to === "boom@x") return new Error("mail could not be sent: 451 4.3.0 try later");
    const rejected = [to, ...(sent.bcc ?? [])].filter((address) => address.startsWith("no"));
    return { messageId: "1", accepted: [], rejected, rejectedErrors: rejected.map((recipient) => ({ recipient, response: `550 <${recipient}> unknown` })) };
  });
  const result = await deliverMessages(fake, [message("a@x"), message("no@x", "archive@x"), message("b@x", "nobcc@x"), message("boom@x")], { signal: new AbortController().signal, logger: silent });
  t.is(result.delivered, 2);
  t.deepEqual(result.errors, ["550 <no@x> unknown", "SMTP Error: BCC recipient refused: nobcc@x", "451 4.3.0 try later"]);
  const aborted = new AbortController();
  aborted.abort();
  t.deepEqual((await deliverMessages(fake, [message("a@x")], { signal: aborted.signal, logger: silent })).errors, ["Not sent to a@x: the run was aborted"]);
});
