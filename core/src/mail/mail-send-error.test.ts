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
