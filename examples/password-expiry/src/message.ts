// The reminder mail: the configured subject and body, or a FusionDirectory mail template, with placeholders filled.
import { MailTemplateCache } from "@fdo/fusiondirectory";
import type { Directory, MailAttachment, MailMessage } from "@fdo/sdk";
import type { PasswordExpiryConfig } from "./config.js";
import { TemplateUnusableError } from "./errors.js";
import type { Reminder } from "./plan.js";

/** Subject, body and attachments before placeholders are filled. */
export interface MailContent {
  readonly subject: string;
  readonly body: string;
  readonly attachments: readonly MailAttachment[];
}

/** Configured text: `\n` written in orchestrator.conf or the environment is a new line. */
export function unescapeNewlines(text: string): string {
  return text.replace(/\\n/g, "\n");
}

/** Replaces `{uid}`, `{name}`, `{days}`, `{expiry}`, `{lead}` and `{url}`; other braces are left alone. */
export function fillPlaceholders(text: string, reminder: Reminder, changeUrl: string | undefined): string {
  const values: Record<string, string> = {
    uid: reminder.uid,
    name: reminder.name,
    days: String(reminder.daysLeft),
    expiry: reminder.expiry,
    lead: String(reminder.leadDays),
    url: changeUrl ?? "",
  };
  return text.replace(/\{(uid|name|days|expiry|lead|url)\}/g, (_match, key: string) => values[key] ?? "");
}

/** The content of this run's reminders: from the FD template when one is named, else from the configuration. */
export async function loadContent(config: PasswordExpiryConfig, directory: Directory, ldapBase: string): Promise<MailContent> {
  if (config.template === undefined) return { subject: config.subject, body: unescapeNewlines(config.body), attachments: [] };
  const lookup = await new MailTemplateCache(directory, ldapBase).get(config.template);
  if (!lookup.ok) throw new TemplateUnusableError(`PASSWORD_EXPIRY_MAIL_TEMPLATE: ${lookup.error}`);
  const { template } = lookup;
  return {
    subject: template.subject,
    body: template.signature === undefined ? template.body : `${template.body}\n\n${template.signature}`,
    attachments: template.attachments.map((attachment) => ({ filename: attachment.filename, content: attachment.content })),
  };
}

/** One reminder for one user. Directory values never reach a header unfiltered: CR/LF in the subject become spaces. */
export function buildMessage(content: MailContent, reminder: Reminder & { readonly to: string }, from: string, changeUrl: string | undefined): MailMessage {
  return {
    from,
    to: [reminder.to],
    subject: fillPlaceholders(content.subject, reminder, changeUrl).replace(/[\r\n]+/g, " "),
    text: fillPlaceholders(content.body, reminder, changeUrl),
    ...(content.attachments.length === 0 ? {} : { attachments: content.attachments }),
  };
}
