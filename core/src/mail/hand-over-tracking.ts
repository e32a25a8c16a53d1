import type { SendMailOptions } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

/** The key of the send options through which the stream plugin reports that a message was fully handed over. */
const HANDED_OVER = "fdoHandedOver";

type TrackedOptions = SendMailOptions & { readonly [HANDED_OVER]: () => void };

/**
 * Installed once on the transport (nodemailer's "stream" step): reports, through the callback a send was tagged with
 * by {@link trackHandOver}, that its message stream was read to its end, i.e. the whole message went out as DATA.
 */
export const handOverPlugin: Mail.PluginFunction = (mail, done) => {
  const handedOver = (mail.data as Partial<TrackedOptions>)[HANDED_OVER];
  if (handedOver !== undefined) {
    mail.message.processFunc((input) => {
      input.once("end", handedOver);
      return input;
    });
  }
  done();
};

/**
 * Tags one send so that `flag.value` turns true once its whole message was handed over. After that, a connection that
 * drops without a reply leaves the delivery unknown; before it, the server cannot have stored the mail.
 */
export function trackHandOver(options: SendMailOptions, flag: { value: boolean }): SendMailOptions {
  const tracked: TrackedOptions = {
    ...options,
    [HANDED_OVER]: () => {
      flag.value = true;
    },
  };
  return tracked;
}
