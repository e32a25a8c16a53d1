// SmtpMailer against the in-process SMTP sink: what arrives, how refusals surface, pooling under load, shutdown.
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { LogFields, Logger, OrchestratorError } from "@fdo/sdk";
import { isOrchestratorError } from "@fdo/sdk";
import type { SmtpSink, SmtpSinkOptions } from "@fdo/testing";
import { startSmtpSink } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";
import type { SmtpMailerOptions } from "../core/src/mail/smtp-mailer.js";
import { SmtpMailer } from "../core/src/mail/smtp-mailer.js";

function recordingLogger(): { logger: Logger; lines: Array<{ level: string; message: string; fields: LogFields }> } {
  const lines: Array<{ level: string; message: string; fields: LogFields }> = [];
  const make = (bindings: LogFields): Logger => {
    const at =
      (level: string) =>
      (message: string, fields: LogFields = {}) => {
        lines.push({ level, message, fields: { ...bindings, ...fields } });
      };
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (more) => make({ ...bindings, ...more }) };
  };
  return { logger: make({}), lines };
}

async function sink(t: ExecutionContext, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  t.teardown(() => started.stop());
  return started;
}

function mailer(t: ExecutionContext, server: { host: string; port: number }, options: Partial<SmtpMailerOptions> = {}) {
  const { logger, lines } = recordingLogger();
  const created = new SmtpMailer({ host: server.host, port: server.port, security: "none", tlsInsecure: false, logger, ...options });
  t.teardown(() => created.close());
  return { mailer: created, lines };
}

async function failure(promise: Promise<unknown>): Promise<OrchestratorError> {
  try {
    await promise;
  } catch (error) {
    if (isOrchestratorError(error)) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a message arrives with its UTF-8 subject, text, attachment and custom header; BCC only in the envelope", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp);
  const attachment = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
  const subject = "Bienvenue à l’université ✓ — réf. 42";
  const receipt = await sender.send({
    from: "fdo@example.org",
    to: ["alice@example.org"],
    cc: ["erin@example.org"],
    bcc: ["hidden@example.org"],
    subject,
    text: "Bonjour Alice,\nvotre compte est prêt.",
    attachments: [{ filename: "charte.pdf", content: attachment, contentType: "application/pdf" }],
    headers: { "Disposition-Notification-To": "hr@example.org" },
  });
  t.true(receipt.messageId.length > 0);
  t.deepEqual([...receipt.accepted].sort(), ["alice@example.org", "erin@example.org", "hidden@example.org"]);
  t.deepEqual(receipt.rejected, []);

  const [received] = await smtp.waitForMessages(1, 5_000);
  t.is(received?.subject, subject);
  t.is(received?.text.trim(), "Bonjour Alice,\nvotre compte est prêt.");
  t.deepEqual(received?.to, ["alice@example.org"]);
  t.deepEqual(received?.cc, ["erin@example.org"]);
  t.deepEqual([...(received?.envelope.to ?? [])].sort(), ["alice@example.org", "erin@example.org", "hidden@example.org"]);
  t.is(received?.envelope.from, "fdo@example.org");
  t.false(received?.headers.has("bcc"));
  t.false([...(received?.headers.values() ?? [])].some((value) => value.includes("hidden@example.org")));
  t.regex(received?.headers.get("disposition-notification-to") ?? "", /hr@example\.org/);
  t.is(received?.attachments.length, 1);
  t.is(received?.attachments[0]?.filename, "charte.pdf");
  t.is(received?.attachments[0]?.contentType, "application/pdf");
  t.deepEqual(received?.attachments[0]?.content, attachment);
});

test("a recipient with a display name (composed whole, not from the template's bytes) arrives with its name and Message-ID", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp);
  const receipt = await sender.send({ from: "fdo@example.org", to: ["Zoé Martin <zoe@example.org>"], subject: "Accès", text: "Bonjour Zoé" });
  t.deepEqual(receipt.accepted, ["zoe@example.org"]);
  const [received] = await smtp.waitForMessages(1, 5_000);
  t.deepEqual(received?.envelope.to, ["zoe@example.org"]);
  t.deepEqual(received?.to, ["zoe@example.org"]);
  // RFC 2047: the name encoded, the address as it is.
  t.is(received?.headers.get("to"), "=?UTF-8?Q?Zo=C3=A9_Martin?= <zoe@example.org>");
  t.is(received?.subject, "Accès");
  t.is(received?.text.trim(), "Bonjour Zoé");
  t.is(received?.headers.get("message-id"), receipt.messageId);
});

test("an HTML body and a Reply-To are delivered", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp);
  await sender.send({ from: "fdo@example.org", to: ["a@example.org"], replyTo: "hr@example.org", subject: "html", html: "<p>Salut <b>toi</b></p>" });
  const [received] = await smtp.waitForMessages(1, 5_000);
  t.regex(received?.html ?? "", /<b>toi<\/b>/);
  t.regex(received?.headers.get("reply-to") ?? "", /hr@example\.org/);
});

test("a refused sole recipient is FDO_ERR_MAIL_SEND_FAILED with the server's answer", async (t) => {
  const smtp = await sink(t, { rejectRecipients: ["bounce@invalid.example"] });
  const { mailer: sender } = mailer(t, smtp);
  const error = await failure(sender.send({ from: "fdo@example.org", to: ["bounce@invalid.example"], subject: "x", text: "x" }));
  t.is(error.code, "FDO_ERR_MAIL_SEND_FAILED");
  t.is(error.details?.["smtpCode"], 550);
  t.regex(error.message, /550/);
  t.truthy(error.cause);
  t.is(smtp.messages.length, 0);
});

test("a partly refused message is delivered to the others and reports the refused address", async (t) => {
  const smtp = await sink(t, { rejectRecipients: ["bounce@invalid.example"] });
  const { mailer: sender, lines } = mailer(t, smtp);
  const receipt = await sender.send({ from: "fdo@example.org", to: ["ok@example.org", "bounce@invalid.example"], subject: "x", text: "x" });
  t.deepEqual(receipt.accepted, ["ok@example.org"]);
  t.deepEqual(receipt.rejected, ["bounce@invalid.example"]);
  const [received] = await smtp.waitForMessages(1, 5_000);
  t.deepEqual(received?.envelope.to, ["ok@example.org"]);
  t.true(lines.some((line) => line.level === "warn"));
});

test("SMTP authentication: right credentials deliver, a wrong password fails without showing it", async (t) => {
  const smtp = await sink(t, { auth: { user: "fdo", pass: "right-secret" } });
  const good = mailer(t, smtp, { auth: { user: "fdo", pass: "right-secret" } }).mailer;
  await good.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "authed", text: "x" });
  t.is((await smtp.waitForMessages(1, 5_000))[0]?.subject, "authed");

  const password = "wrong-Secret-do-not-print";
  const bad = mailer(t, smtp, { auth: { user: "fdo", pass: password } });
  const error = await failure(bad.mailer.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "x", text: "x" }));
  t.is(error.code, "FDO_ERR_MAIL_SEND_FAILED");
  t.false(error.message.includes(password));
  t.false(JSON.stringify(error.toJSON()).includes(password));
  t.false(JSON.stringify(bad.lines).includes(password));
  t.is(smtp.messages.length, 1);
});

test("20 concurrent sends are all delivered", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp, { maxConnections: 3 });
  const receipts = await Promise.all(Array.from({ length: 20 }, (_, i) => sender.send({ from: "fdo@example.org", to: [`user${i}@example.org`], subject: `task ${i}`, text: `${i}` })));
  t.is(new Set(receipts.map((receipt) => receipt.messageId)).size, 20);
  const received = await smtp.waitForMessages(20, 10_000);
  t.is(received.length, 20);
  t.deepEqual(new Set(received.map((mail) => mail.subject)), new Set(Array.from({ length: 20 }, (_, i) => `task ${i}`)));
});

test("starttls never falls back to plain text when the server offers no STARTTLS", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp, { security: "starttls" });
  const error = await failure(sender.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "x", text: "secret body" }));
  t.is(error.code, "FDO_ERR_MAIL_SEND_FAILED");
  t.is(smtp.messages.length, 0);
});

test("verify() succeeds against the sink and fails with FDO_ERR_MAIL_SEND_FAILED when nothing listens", async (t) => {
  const smtp = await sink(t);
  await t.notThrowsAsync(mailer(t, smtp).mailer.verify());
  const down = mailer(t, { host: "127.0.0.1", port: await closedPort() }).mailer;
  t.is((await failure(down.verify())).code, "FDO_ERR_MAIL_SEND_FAILED");
  t.is((await failure(down.send({ from: "f@example.org", to: ["a@example.org"], subject: "x", text: "x" }))).code, "FDO_ERR_MAIL_SEND_FAILED");
});

test("close() waits for a send in flight, then refuses new ones", async (t) => {
  const smtp = await sink(t);
  const { mailer: sender } = mailer(t, smtp);
  const sending = sender.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "last", text: "x" });
  await sender.close();
  t.truthy((await sending).messageId);
  t.is(smtp.messages.length, 1);
  t.is((await failure(sender.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "late", text: "x" }))).code, "FDO_ERR_MAIL_SEND_FAILED");
});

test("after close() the process exits by itself", async (t) => {
  const smtp = await sink(t);
  // build/test/ -> build/core/src/mail/smtp-mailer.js, the same esbuild output this file imports.
  const module = pathToFileURL(fileURLToPath(new URL("../core/src/mail/smtp-mailer.js", import.meta.url))).href;
  const script = `
    import { SmtpMailer } from ${JSON.stringify(module)};
    const logger = { debug() {}, info() {}, warn() {}, error() {}, child() { return logger; } };
    const mailer = new SmtpMailer({ host: "127.0.0.1", port: ${smtp.port}, security: "none", tlsInsecure: false, logger });
    await mailer.send({ from: "fdo@example.org", to: ["a@example.org"], subject: "from child", text: "x" });
    await mailer.close();
    console.log("closed");
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const outcome = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve("still running after 10 s");
    }, 10_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? "killed");
    });
  });
  t.is(outcome, 0, output);
  t.regex(output, /closed/);
  t.is((await smtp.waitForMessages(1, 1_000))[0]?.subject, "from child");
});
