import type { MailTemplate } from "@fdo/fusiondirectory";
import { fakeEntry } from "@fdo/testing";
import test from "ava";
import { buildMessages, linkSeparator, reminderRecipients, reminderText, userAddress } from "../../plugins/reminder/src/message.js";

const LINK = "https://fd.example.org/accountProlongation.php?token=abc&task=t";
const template: MailTemplate = {
  dn: "cn=t",
  subject: "Expiry",
  body: "Please prolong: ",
  signature: "--\nIT",
  readReceipt: true,
  macros: [],
  attachments: [{ filename: "a.txt", content: Buffer.from("a") }],
};

test('the reminded user\'s address: first usable mail, labels removed; none is undefined (never "FALSE")', (t) => {
  t.is(userAddress(fakeEntry("uid=a", { mail: ["not an address", "{PRO}a@example.org", "b@example.org"] })), "a@example.org");
  t.is(userAddress(fakeEntry("uid=n", { cn: "No mail" })), undefined);
  t.is(userAddress(fakeEntry("uid=f", { mail: "FALSE" })), undefined);
});

test("recipients: the user first, then the forward list, each address once", (t) => {
  t.deepEqual(reminderRecipients("kim@example.org", ["hr@example.org", "KIM@example.org", "hr@example.org"]), ["kim@example.org", "hr@example.org"]);
  t.deepEqual(reminderRecipients("kim@example.org", []), ["kim@example.org"]);
});

test("the link follows a body ending in a blank directly (FD 1.5 templates), else after an empty line", (t) => {
  t.is(linkSeparator("Please prolong: "), "");
  t.is(linkSeparator("Please prolong:\n"), "");
  t.is(linkSeparator("Please prolong."), "\n\n");
  t.is(reminderText(template, LINK), `Please prolong: ${LINK}\n\n--\nIT`);
  t.is(reminderText({ body: "Your account expires.", signature: undefined }, LINK), `Your account expires.\n\n${LINK}`);
  t.is(reminderText(template, undefined), "Please prolong: \n\n--\nIT");
});

test("one message per recipient with the template's subject, attachments and read receipt", (t) => {
  const messages = buildMessages("noreply@example.org", ["a@example.org", "hr@example.org"], template, LINK);
  t.deepEqual(
    messages.map((message) => message.to),
    [["a@example.org"], ["hr@example.org"]],
  );
  for (const message of messages) {
    t.is(message.from, "noreply@example.org");
    t.is(message.subject, "Expiry");
    t.is(message.text, `Please prolong: ${LINK}\n\n--\nIT`);
    t.deepEqual(
      message.attachments?.map((attachment) => attachment.filename),
      ["a.txt"],
    );
    t.deepEqual(message.headers, { "Disposition-Notification-To": "noreply@example.org" });
    t.is(message.bcc, undefined);
  }
  const plain = buildMessages("n@example.org", ["a@example.org"], { ...template, readReceipt: false, macros: [], attachments: [] }, undefined);
  t.is(plain[0]?.headers, undefined);
  t.is(plain[0]?.attachments, undefined);
});
