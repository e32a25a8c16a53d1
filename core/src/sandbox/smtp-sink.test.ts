import test from "ava";
import { createTransport } from "nodemailer";
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from "./smtp-sink.js";

type Transport = ReturnType<typeof createTransport>;

/** Runs `use` against a fresh sink and a non-pooled transport, then closes both. */
async function withSink(options: SmtpSinkOptions, auth: { user: string; pass: string } | undefined, use: (sink: SmtpSink, transport: Transport) => Promise<void>): Promise<void> {
  const sink = await startSmtpSink(options);
  const transport = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true, auth, connectionTimeout: 3000, greetingTimeout: 3000, socketTimeout: 5000 });
  try {
    await use(sink, transport);
  } finally {
    transport.close();
    await sink.stop();
  }
}

test("receives a plain text message", async (t) => {
  await withSink({}, undefined, async (sink, transport) => {
    t.is(sink.host, "127.0.0.1");
    t.true(sink.port > 0);
    await transport.sendMail({ from: "FD <noreply@example.org>", to: "alice.martin@example.org", subject: "Hello", text: "Your account is ready.\n" });
    const [mail] = await sink.waitForMessages(1);
    t.deepEqual(mail?.envelope, { from: "noreply@example.org", to: ["alice.martin@example.org"] });
    t.is(mail?.from, "noreply@example.org");
    t.deepEqual(mail?.to, ["alice.martin@example.org"]);
    t.deepEqual(mail?.cc, []);
    t.is(mail?.subject, "Hello");
    t.is(mail?.text, "Your account is ready.\n");
    t.is(mail?.html, undefined);
    t.is(mail?.headers.get("subject"), "Hello");
    t.regex(mail?.headers.get("from") ?? "", /noreply@example\.org/);
    t.deepEqual(mail?.attachments, []);
  });
});

test("decodes UTF-8 subjects and bodies, keeps custom headers", async (t) => {
  await withSink({}, undefined, async (sink, transport) => {
    const subject = "Votre compte expire bientôt — ✓";
    await transport.sendMail({
      from: "noreply@example.org",
      to: "erin.lefevre@example.org",
      subject,
      text: "Votre compte arrive à échéance.",
      html: "<p>Votre compte arrive à <b>échéance</b>.</p>",
      headers: { "Disposition-Notification-To": "noreply@example.org" },
    });
    const [mail] = await sink.waitForMessages(1);
    t.is(mail?.subject, subject);
    t.is(mail?.headers.get("subject"), subject);
    t.is(mail?.text.trim(), "Votre compte arrive à échéance.");
    t.is(mail?.html, "<p>Votre compte arrive à <b>échéance</b>.</p>");
    t.regex(mail?.headers.get("disposition-notification-to") ?? "", /noreply@example\.org/);
  });
});

test("keeps attachments with their bytes and content types", async (t) => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "base64");
  await withSink({}, undefined, async (sink, transport) => {
    await transport.sendMail({
      from: "noreply@example.org",
      to: "grace.roux@example.org",
      subject: "Welcome",
      text: "See attached.",
      attachments: [
        { filename: "charter.txt", content: "Be nice to the directory.\n" },
        { filename: "logo.png", content: png, contentType: "image/png" },
      ],
    });
    const [mail] = await sink.waitForMessages(1);
    t.deepEqual(
      mail?.attachments.map((a) => [a.filename, a.contentType]),
      [
        ["charter.txt", "text/plain"],
        ["logo.png", "image/png"],
      ],
    );
    t.is(mail?.attachments[0]?.content.toString("utf8"), "Be nice to the directory.\n");
    t.true(mail?.attachments[1]?.content.equals(png));
  });
});

test("BCC recipients appear in the envelope only", async (t) => {
  await withSink({}, undefined, async (sink, transport) => {
    await transport.sendMail({ from: "noreply@example.org", to: "alice.martin@example.org", cc: "hr@example.org", bcc: "archive@example.org", subject: "Copy", text: "x" });
    const [mail] = await sink.waitForMessages(1);
    t.deepEqual([...(mail?.envelope.to ?? [])].sort(), ["alice.martin@example.org", "archive@example.org", "hr@example.org"]);
    t.deepEqual(mail?.to, ["alice.martin@example.org"]);
    t.deepEqual(mail?.cc, ["hr@example.org"]);
    t.false(mail?.headers.has("bcc"));
  });
});

test("refuses listed recipients with 550 and delivers to the others", async (t) => {
  await withSink({ rejectRecipients: ["Bounce@Invalid.example"] }, undefined, async (sink, transport) => {
    const info = await transport.sendMail({ from: "noreply@example.org", to: ["alice.martin@example.org", "bounce@invalid.example"], subject: "Partial", text: "x" });
    t.deepEqual(info.rejected, ["bounce@invalid.example"]);
    t.deepEqual(info.accepted, ["alice.martin@example.org"]);
    const [mail] = await sink.waitForMessages(1);
    t.deepEqual(mail?.envelope.to, ["alice.martin@example.org"]);

    const error = await t.throwsAsync(transport.sendMail({ from: "noreply@example.org", to: "bounce@invalid.example", subject: "None", text: "x" }));
    t.is((error as Error & { responseCode?: number }).responseCode, 550);
    t.is(sink.messages.length, 1);
  });
});

test("requires AUTH when credentials are configured", async (t) => {
  const options = { auth: { user: "mailer", pass: "mail-secret" } };
  await withSink(options, { user: "mailer", pass: "wrong" }, async (sink, transport) => {
    const error = await t.throwsAsync(transport.sendMail({ from: "noreply@example.org", to: "a@example.org", subject: "x", text: "x" }));
    t.is((error as Error & { responseCode?: number }).responseCode, 535);
    t.is(sink.messages.length, 0);
  });
  await withSink(options, undefined, async (sink, transport) => {
    const error = await t.throwsAsync(transport.sendMail({ from: "noreply@example.org", to: "a@example.org", subject: "x", text: "x" }));
    t.is((error as Error & { responseCode?: number }).responseCode, 530);
    t.is(sink.messages.length, 0);
  });
  await withSink(options, { user: "mailer", pass: "mail-secret" }, async (sink, transport) => {
    await transport.sendMail({ from: "noreply@example.org", to: "a@example.org", subject: "Authenticated", text: "x" });
    t.is((await sink.waitForMessages(1))[0]?.subject, "Authenticated");
  });
});

test("waitForMessages times out, clear empties, stop closes the port", async (t) => {
  const sink = await startSmtpSink();
  const transport = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
  try {
    await t.throwsAsync(sink.waitForMessages(1, 50), { message: /expected 1 message\(s\), got 0 within 50 ms/ });
    await transport.sendMail({ from: "a@example.org", to: "b@example.org", subject: "one", text: "x" });
    const snapshot = sink.messages;
    t.is(snapshot.length, 1);
    sink.clear();
    t.is(sink.messages.length, 0);
    t.is(snapshot.length, 1, "earlier snapshots are not mutated");
  } finally {
    transport.close();
    await sink.stop();
  }
  const again = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
  const error = await t.throwsAsync(again.sendMail({ from: "a@example.org", to: "b@example.org", subject: "two", text: "x" }));
  t.regex(String((error as NodeJS.ErrnoException).code) + error?.message, /ECONNREFUSED|ECONNECTION/);
  again.close();
});

test("a message to a held recipient is read and left unanswered until stop; waitForHeld sees it", async (t) => {
  await withSink({ holdRecipients: ["grace.roux@example.org"] }, undefined, async (sink, transport) => {
    const sending = transport.sendMail({ from: "noreply@example.org", to: "grace.roux@example.org", subject: "Held", text: "x\n" }).then(
      () => "answered",
      () => "refused",
    );
    await sink.waitForHeld(1);
    t.is(sink.held, 1);
    t.deepEqual(sink.messages, []);
    await sink.stop();
    t.is(await sending, "refused", "released with a 451 at stop");
  });
});
