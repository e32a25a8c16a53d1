import { type Logger, type MailMessage, MailSendFailedError } from "@fdo/sdk";
import test from "ava";
import { deliverMessages, smtpReply, type TransientRetry } from "./deliver-messages.js";
import type { Mailer, MailReceipt } from "./mailer.js";

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

const refusal = (code: number, extra: Record<string, unknown> = {}): Error =>
  new MailSendFailedError(`mail could not be sent: Message failed: ${code} try later`, { details: { smtpCode: code, ...extra } });

/** Retries whose waits are recorded and end at once: the server's answers drive the test, not time. */
function recordingRetry(): TransientRetry & { readonly waited: number[] } {
  const waited: number[] = [];
  return { delaysMs: [10, 20, 40], wait: async (ms) => void waited.push(ms), waited };
}

test("a 4xx reply is retried after each growing delay, and the message goes out once accepted", async (t) => {
  const answers: Array<Error | undefined> = [refusal(451), refusal(421)];
  const sent: string[] = [];
  const fake = mailer((message) => {
    const answer = answers.shift();
    if (answer !== undefined) return answer;
    sent.push(message.to[0] as string);
    return { messageId: "1", accepted: [...message.to], rejected: [] };
  });
  const retry = recordingRetry();
  const result = await deliverMessages(fake, [message("a@x")], { signal: new AbortController().signal, logger: silent, retry });
  t.deepEqual(result, { delivered: 1, errors: [], unknown: 0, transient: false });
  t.deepEqual(retry.waited, [10, 20]);
  t.deepEqual(sent, ["a@x"]);
});

test("still refused for now after every retry: transient; a 5xx is not retried and is not transient", async (t) => {
  const retry = recordingRetry();
  const busy = await deliverMessages(
    mailer(() => refusal(451)),
    [message("a@x")],
    { signal: new AbortController().signal, logger: silent, retry },
  );
  t.true(busy.transient);
  t.is(busy.delivered, 0);
  t.deepEqual(retry.waited, [10, 20, 40], "bounded: three retries, then given up");
  const permanent = recordingRetry();
  const refused = await deliverMessages(
    mailer(() => refusal(550)),
    [message("a@x")],
    { signal: new AbortController().signal, logger: silent, retry: permanent },
  );
  t.false(refused.transient);
  t.deepEqual(permanent.waited, []);
});

test("a message handed over before the connection was lost is delivery unknown and never sent again", async (t) => {
  let tries = 0;
  const lost = mailer(() => {
    tries += 1;
    return new MailSendFailedError("mail could not be sent: Connection closed unexpectedly", { details: { reason: "ECONNECTION", deliveryUnknown: true } });
  });
  const retry = recordingRetry();
  const result = await deliverMessages(lost, [message("a@x")], { signal: new AbortController().signal, logger: silent, retry });
  t.is(result.unknown, 1);
  t.is(result.delivered, 0);
  t.false(result.transient);
  t.regex(result.errors[0] ?? "", /^Delivery unknown for a@x: the connection was lost after the message was handed over/);
  t.is(tries, 1);
  t.deepEqual(retry.waited, []);
});

test("the run aborted while waiting to retry: no further try", async (t) => {
  const controller = new AbortController();
  let tries = 0;
  const busy = mailer(() => {
    tries += 1;
    return refusal(451);
  });
  const result = await deliverMessages(busy, [message("a@x")], { signal: controller.signal, logger: silent, retry: { delaysMs: [10, 20], wait: async () => controller.abort() } });
  t.is(tries, 1);
  t.is(result.delivered, 0);
});
