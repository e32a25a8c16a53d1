// Upstream's MAIL_SEC_VERIFY=FALSE against a relay with a self-signed certificate: the configuration file decides,
// through the host's own mailer, what is verified and whether STARTTLS is required.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createMailer } from "@fdo/core";
import type { OrchestratorError } from "@fdo/sdk";
import { memoryLogger } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { SMTPServer } from "smtp-server";
import type { Mailer } from "../core/src/mail/mailer.js";
import { testConfig } from "./support/host-config.js";

const TLS_DIR = path.resolve("test/fixtures/tls");
const KEY = readFileSync(path.join(TLS_DIR, "self-signed-key.pem"));
const CERT = readFileSync(path.join(TLS_DIR, "self-signed-cert.pem"));

interface Relay {
  readonly port: number;
  /** One entry per message received: whether its session was encrypted. */
  readonly received: Array<{ secure: boolean }>;
}

/** An in-process relay on loopback with the self-signed certificate: STARTTLS offered, or implicit TLS, or none. */
async function relay(t: ExecutionContext, mode: "starttls" | "implicit" | "plain"): Promise<Relay> {
  const received: Array<{ secure: boolean }> = [];
  const server = new SMTPServer({
    secure: mode === "implicit",
    key: KEY,
    cert: CERT,
    disabledCommands: mode === "plain" ? ["STARTTLS", "AUTH"] : ["AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on("end", () => {
        received.push({ secure: session.secure });
        callback();
      });
      stream.resume();
    },
  });
  // A client refusing the certificate aborts the handshake, which the server reports as an error event.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

/** The mailer of a host built from these orchestrator.conf keys, as `start` would build it. */
async function hostMailer(t: ExecutionContext, server: Relay, keys: Record<string, string>): Promise<{ mailer: Mailer; warnings: readonly string[] }> {
  const config = await testConfig({ MAIL_HOST: "127.0.0.1", MAIL_PORT: String(server.port), ...keys });
  const mailer = createMailer(config, memoryLogger().logger);
  t.teardown(() => mailer.close());
  return { mailer, warnings: config.warnings };
}

const message = { from: "orchestrator@example.org", to: ["alice@example.org"], subject: "TLS check", text: "hello" };

async function sendFailure(mailer: Mailer): Promise<OrchestratorError> {
  return mailer.send(message).then(
    () => {
      throw new Error("the mail was sent");
    },
    (error: OrchestratorError) => error,
  );
}

test("by default the self-signed certificate is refused and nothing is sent", async (t) => {
  const server = await relay(t, "starttls");
  const { mailer } = await hostMailer(t, server, { MAIL_SEC: "tls" });
  const error = await sendFailure(mailer);
  t.is(error.code, "FDO_ERR_MAIL_SEND_FAILED");
  t.regex(error.message, /self[- ]signed certificate/);
  t.deepEqual(server.received, []);
});

test('upstream\'s MAIL_SEC_VERIFY="FALSE" with MAIL_SEC="tls": delivered over STARTTLS without verification, with a warning', async (t) => {
  const server = await relay(t, "starttls");
  const { mailer, warnings } = await hostMailer(t, server, { MAIL_SEC: "tls", MAIL_SEC_VERIFY: "FALSE" });
  const receipt = await mailer.send(message);
  t.deepEqual(receipt.accepted, ["alice@example.org"]);
  t.deepEqual(server.received, [{ secure: true }]);
  t.true(warnings.some((warning) => /^MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified.*MAIL_TLS_INSECURE=TRUE is the explicit name/.test(warning)));
});

test('MAIL_SEC="ssl" under MAIL_SEC_VERIFY="FALSE" is implicit TLS, unverified; verified it is refused', async (t) => {
  const server = await relay(t, "implicit");
  const insecure = await hostMailer(t, server, { MAIL_SEC: "ssl", MAIL_SEC_VERIFY: "FALSE" });
  await insecure.mailer.send(message);
  t.deepEqual(server.received, [{ secure: true }]);
  const verified = await hostMailer(t, server, { MAIL_SEC: "ssl" });
  t.regex((await sendFailure(verified.mailer)).message, /self[- ]signed certificate/);
  t.is(server.received.length, 1);
});

test("under upstream's opt-out, MAIL_SEC=tls falls back to plain text where upstream did; starttls never does", async (t) => {
  const server = await relay(t, "plain");
  const upstreamStyle = await hostMailer(t, server, { MAIL_SEC: "tls", MAIL_SEC_VERIFY: "FALSE" });
  await upstreamStyle.mailer.send(message);
  t.deepEqual(server.received, [{ secure: false }]);
  const strict = await hostMailer(t, server, { MAIL_SEC: "starttls", MAIL_SEC_VERIFY: "FALSE" });
  t.is((await sendFailure(strict.mailer)).code, "FDO_ERR_MAIL_SEND_FAILED");
  t.is(server.received.length, 1);
});

test("MAIL_TLS_INSECURE set to FALSE wins over MAIL_SEC_VERIFY=FALSE: the certificate is checked again", async (t) => {
  const server = await relay(t, "starttls");
  const { mailer, warnings } = await hostMailer(t, server, { MAIL_SEC: "tls", MAIL_SEC_VERIFY: "FALSE", MAIL_TLS_INSECURE: "FALSE" });
  t.regex((await sendFailure(mailer)).message, /self[- ]signed certificate/);
  t.deepEqual(warnings, ["MAIL_SEC_VERIFY=FALSE is ignored: MAIL_TLS_INSECURE is set and decides SMTP certificate verification"]);
});
