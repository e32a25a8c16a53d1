// Recipients and messages of one reminder.
import { cleanAddressValue, isValidAddress, type MailTemplate, uniqueAddresses } from "@fdo/fusiondirectory";
import type { DirectoryEntry, MailMessage } from "@fdo/sdk";

/** The reminded user's address: the first usable `mail` value, `{LABEL}` prefixes removed; `undefined` when none. */
export function userAddress(user: DirectoryEntry): string | undefined {
  return user.values("mail").map(cleanAddressValue).find(isValidAddress);
}

/** The reminded user first, then the forward list; duplicates (case-insensitive) once. */
export function reminderRecipients(user: string, forward: readonly string[]): string[] {
  return uniqueAddresses([user, ...forward]);
}

/**
 * Where the link goes: right after a template body that ends with a blank (FD 1.5 templates are written for
 * upstream 1.1, which appended the link with no separator: "... prolong it: "), else after an empty line (newest
 * upstream always added two newlines, which is what a body ending in a word needs).
 */
export function linkSeparator(body: string): string {
  return body === "" || /\s$/.test(body) ? "" : "\n\n";
}

/** Template body, the prolongation link when there is one, then `"\n\n" + signature` when the template has one. */
export function reminderText(template: Pick<MailTemplate, "body" | "signature">, link: string | undefined): string {
  const body = link === undefined ? template.body : `${template.body}${linkSeparator(template.body)}${link}`;
  return template.signature === undefined ? body : `${body}\n\n${template.signature}`;
}

/**
 * One message per recipient (upstream sends one SMTP transaction per recipient): the template's subject, that
 * recipient's body (`bodies`: the template's macros applied for it, by address; default the template's), the
 * attachments, and `Disposition-Notification-To: <from>` when the template asks for a read receipt.
 */
export function buildMessages(from: string, recipients: readonly string[], template: MailTemplate, link: string | undefined, bodies: ReadonlyMap<string, string> = new Map()): MailMessage[] {
  const attachments = template.attachments.map((attachment) => ({ filename: attachment.filename, content: attachment.content }));
  return recipients.map((recipient) => ({
    from,
    to: [recipient],
    subject: template.subject,
    text: reminderText({ body: bodies.get(recipient) ?? template.body, signature: template.signature }, link),
    ...(attachments.length === 0 ? {} : { attachments }),
    ...(template.readReceipt ? { headers: { "Disposition-Notification-To": from } } : {}),
  }));
}
