import type { MailTemplate } from "@fdo/fusiondirectory";
import test from "ava";
import { buildMessages, describeMessage, messageText } from "../../plugins/mail/src/build-message.js";

const template: MailTemplate = {
  dn: "cn=welcome-mail,ou=mailTemplate,dc=example,dc=org",
  subject: "Welcome",
  body: "Hello,\n\nYour account is ready.\n",
  signature: "--\nIT",
  readReceipt: false,
  macros: [],
  attachments: [{ filename: "charter.txt", content: Buffer.from("be nice") }],
};

test("the text is body, blank line, signature; no signature, body alone", (t) => {
  t.is(messageText(template), "Hello,\n\nYour account is ready.\n\n\n--\nIT");
  t.is(messageText({ body: "B", signature: undefined }), "B");
});

test("one message per recipient, each with the BCC and the attachments", (t) => {
  const messages = buildMessages({ from: "noreply@example.org", bcc: "archive@example.org", recipients: ["a@example.org", "b@example.org"] }, template);
  t.is(messages.length, 2);
  t.deepEqual(
    messages.map((message) => [message.to, message.bcc]),
    [
      [["a@example.org"], ["archive@example.org"]],
      [["b@example.org"], ["archive@example.org"]],
    ],
  );
  for (const message of messages) {
    t.is(message.from, "noreply@example.org");
    t.is(message.subject, "Welcome");
    t.deepEqual(
      message.attachments?.map((attachment) => attachment.filename),
      ["charter.txt"],
    );
    t.is(message.headers, undefined);
  }
});

test("a read receipt adds Disposition-Notification-To: <from>; no BCC, no attachments", (t) => {
  const [message] = buildMessages({ from: "it@example.org", bcc: undefined, recipients: ["a@example.org"] }, { ...template, readReceipt: true, macros: [], attachments: [] });
  t.deepEqual(message?.headers, { "Disposition-Notification-To": "it@example.org" });
  t.is(message?.bcc, undefined);
  t.is(message?.attachments, undefined);
});

test("a dry run describes each message", (t) => {
  const [message] = buildMessages({ from: "noreply@example.org", bcc: undefined, recipients: ["a@example.org"] }, template);
  t.deepEqual(message && describeMessage(message), { to: "a@example.org", bcc: null, subject: "Welcome", attachments: ["charter.txt"] });
});
