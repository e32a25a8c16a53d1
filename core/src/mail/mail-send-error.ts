import type { OrchestratorError } from "@fdo/sdk";
import { isOrchestratorError, MailSendFailedError } from "@fdo/sdk";

/** The fields nodemailer adds to its errors (see nodemailer's `NodemailerError`). */
interface SmtpFailure {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly response?: unknown;
  readonly responseCode?: unknown;
}

/** Replaces every occurrence of a secret by `***`; empty secrets are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret === "" ? result : result.split(secret).join("***")), text);
}

/**
 * Wraps a nodemailer failure as `FDO_ERR_MAIL_SEND_FAILED`. The message carries the server's answer (e.g.
 * `550 <x@y>: Recipient address rejected`); `secrets` (the SMTP password) are redacted from it in case a server
 * echoes them. The original error is kept as `cause`. Its details give the reply code (`smtpCode`), and
 * `deliveryUnknown: true` when the whole message had been handed over and no reply came (the connection dropped
 * or timed out): the server may have stored it.
 */
export function toMailSendFailedError(
  error: unknown,
  secrets: readonly string[],
  action = "mail could not be sent",
  send: { readonly handedOver: boolean } = { handedOver: false },
): OrchestratorError {
  if (isOrchestratorError(error)) return error;
  const failure = (typeof error === "object" && error !== null ? error : { message: String(error) }) as SmtpFailure;
  const message = typeof failure.message === "string" ? failure.message : "unknown error";
  const response = typeof failure.response === "string" ? failure.response : undefined;
  // nodemailer usually quotes the response in its message already; add it only when it does not.
  const text = response === undefined || message.includes(response) ? message : `${message}: ${response}`;
  const details: Record<string, unknown> = {};
  if (typeof failure.responseCode === "number") details["smtpCode"] = failure.responseCode;
  if (typeof failure.code === "string") details["reason"] = failure.code;
  if (send.handedOver && typeof failure.responseCode !== "number") details["deliveryUnknown"] = true;
  return new MailSendFailedError(redact(`${action}: ${text}`, secrets), { cause: error, details });
}
