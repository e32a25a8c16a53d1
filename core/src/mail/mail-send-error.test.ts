import test from "ava";
import { redact, toMailSendFailedError } from "./mail-send-error.js";

function smtpError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

test("the SMTP answer ends up in the message, the code and SMTP status in details", (t) => {
  const cause = smtpError("Can't send mail - all recipients were rejected: 550 <x@y>: Recipient address rejected", {
    code: "EENVELOPE",
    response: "550 <x@y>: Recipient address rejected",
    responseCode: 550,
  });
  const error = toMailSendFailedError(cause, []);
  t.is(error.code, "FDO_ERR_MAIL_SEND_FAILED");
  t.regex(error.message, /550 <x@y>: Recipient address rejected/);
  t.deepEqual(error.details, { smtpCode: 550, reason: "EENVELOPE" });
  t.is(error.cause, cause);
});

test("a response missing from the message is appended", (t) => {
  const error = toMailSendFailedError(smtpError("Invalid login", { code: "EAUTH", response: "535 Authentication credentials invalid" }), []);
  t.regex(error.message, /Invalid login: 535 Authentication credentials invalid/);
});

test("secrets are redacted from the message", (t) => {
  const error = toMailSendFailedError(smtpError("server said s3cr3t-pass is wrong", {}), ["s3cr3t-pass"]);
  t.false(error.message.includes("s3cr3t-pass"));
  t.is(redact("a pw b pw", ["pw", ""]), "a *** b ***");
});

test("no reply after the whole message was handed over: delivery unknown; a reply or an earlier failure is not", (t) => {
  const dropped = smtpError("Connection closed unexpectedly", { code: "ECONNECTION" });
  t.is(toMailSendFailedError(dropped, [], undefined, { handedOver: true }).details?.["deliveryUnknown"], true);
  t.is(toMailSendFailedError(dropped, [], undefined, { handedOver: false }).details?.["deliveryUnknown"], undefined);
  const refused = smtpError("Message failed: 451 try later", { code: "EMESSAGE", response: "451 try later", responseCode: 451 });
  t.is(toMailSendFailedError(refused, [], undefined, { handedOver: true }).details?.["deliveryUnknown"], undefined);
});
