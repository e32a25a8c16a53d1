import test from "ava";
import { toSendMailOptions } from "./to-send-mail-options.js";

test("every field of the message is passed on", (t) => {
  const content = Buffer.from("hello");
  const options = toSendMailOptions({
    from: "fdo@example.org",
    to: ["a@example.org"],
    cc: ["b@example.org"],
    bcc: ["c@example.org"],
    replyTo: "hr@example.org",
    subject: "Bienvenue",
    text: "text",
    html: "<p>html</p>",
    headers: { "Disposition-Notification-To": "hr@example.org" },
    attachments: [{ filename: "a.txt", content, contentType: "text/plain" }],
  });
  t.deepEqual(options, {
    from: "fdo@example.org",
    to: ["a@example.org"],
    cc: ["b@example.org"],
    bcc: ["c@example.org"],
    replyTo: "hr@example.org",
    subject: "Bienvenue",
    text: "text",
    html: "<p>html</p>",
    headers: { "Disposition-Notification-To": "hr@example.org" },
    attachments: [{ filename: "a.txt", content, contentType: "text/plain" }],
  });
});

test("absent and empty optional fields are left out", (t) => {
  const options = toSendMailOptions({ from: "fdo@example.org", to: ["a@example.org"], cc: [], bcc: [], subject: "s", text: "t" });
  t.deepEqual(options, { from: "fdo@example.org", to: ["a@example.org"], subject: "s", text: "t" });
});

test("attachments never become file paths or URLs", (t) => {
  const options = toSendMailOptions({ from: "f@x", to: ["a@x"], subject: "s", attachments: [{ filename: "p", content: "/etc/passwd" }] });
  t.deepEqual(options.attachments, [{ filename: "p", content: "/etc/passwd" }]);
});
