// An in-process SMTP server for tests: accepts mail on 127.0.0.1, parses it and keeps it in memory.
// smtp-server waits 100 ms before every greeting, so each new client connection costs >= 100 ms.
import type { AddressInfo, Socket } from "node:net";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from "smtp-server";

/** One message as the sink received and parsed it. */
export interface ReceivedMail {
  /** SMTP envelope (MAIL FROM / RCPT TO): includes BCC recipients, which no header shows. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Address of the From header. */
  readonly from: string;
  /** Addresses of the To header. */
  readonly to: readonly string[];
  /** Addresses of the Cc header. */
  readonly cc: readonly string[];
  /** Decoded subject ("" when absent). */
  readonly subject: string;
  /** Plain-text body ("" when absent). */
  readonly text: string;
  /** HTML body, undefined when the message has none. */
  readonly html: string | undefined;
  /** First value of each header, lower-cased names; decoded where mailparser decodes it to text, raw otherwise. */
  readonly headers: ReadonlyMap<string, string>;
  readonly attachments: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
}

/** A running sink returned by {@link startSmtpSink}. */
export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** Snapshot of the messages received so far, oldest first. */
  readonly messages: readonly ReceivedMail[];
  /** Messages refused with a 451 so far (see `refuseFirst`). */
  readonly refused: number;
  /** Resolves once at least `count` messages arrived; rejects after timeoutMs (default 5000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  /** Messages to `holdRecipients` read and left unanswered so far. */
  readonly held: number;
  /** Resolves once at least `count` messages are held (see `holdRecipients`); rejects after timeoutMs (default 5000). */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  clear(): void;
  stop(): Promise<void>;
}

/** Options of {@link startSmtpSink}. */
export interface SmtpSinkOptions {
  /** Recipients refused at RCPT TO with a 550 (to test partial failures). */
  readonly rejectRecipients?: readonly string[];
  /** Require AUTH PLAIN/LOGIN with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /**
   * Messages to these recipients are read but never answered (until `stop()`), so the sender hangs mid-send: for
   * tests of what happens when the orchestrator dies while sending.
   */
  readonly holdRecipients?: readonly string[];
  /** The first this many messages are read whole, then refused with `451 4.3.0` (a busy or greylisting server). */
  readonly refuseFirst?: number;
  /**
   * Messages to these recipients are read whole, stored, then the connection is dropped without a reply: the sender
   * cannot know whether the mail was delivered.
   */
  readonly dropAfterData?: readonly string[];
}

const HOST = "127.0.0.1";
// Lets stop() finish soon even when a client (e.g. a pooled transport) keeps its connection open.
const CLOSE_TIMEOUT_MS = 500;

type SmtpError = Error & { responseCode?: number };

function smtpError(message: string, responseCode: number): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const result: string[] = [];
  // Groups nest their members; flatten them so tests see plain addresses.
  const walk = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.address) result.push(entry.address);
      if (entry.group) walk(entry.group);
    }
  };
  for (const object of objects) walk(object.value);
  return result;
}

function headerMap(parsed: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (map.has(key)) continue;
    const decoded = parsed.headers.get(key);
    const raw = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    map.set(key, typeof decoded === "string" ? decoded : raw);
  }
  return map;
}

function toReceivedMail(parsed: ParsedMail, session: SMTPServerSession): ReceivedMail {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    envelope: { from: mailFrom === false ? "" : mailFrom.address, to: rcptTo.map((recipient) => recipient.address) },
    from: addresses(parsed.from)[0] ?? "",
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: parsed.html === false ? undefined : parsed.html,
    headers: headerMap(parsed),
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? "",
      contentType: attachment.contentType,
      content: attachment.content,
    })),
  };
}

/**
 * Starts an SMTP sink on 127.0.0.1 and a free port (no TLS). Recipients in `rejectRecipients` get a
 * 550 at RCPT TO; with `auth`, MAIL FROM needs a prior AUTH PLAIN/LOGIN with those credentials.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const rejected = new Set((options.rejectRecipients ?? []).map((address) => address.toLowerCase()));
  const held = new Set((options.holdRecipients ?? []).map((address) => address.toLowerCase()));
  const heldReplies: Array<() => void> = [];
  const dropped = new Set((options.dropAfterData ?? []).map((address) => address.toLowerCase()));
  // The client sockets by remote port, to drop one from inside a transaction (smtp-server exposes no socket there).
  const sockets = new Map<number, Socket>();
  let refused = 0;
  const { auth } = options;

  const server = new SMTPServer({
    secure: false,
    // STARTTLS off: clients would otherwise upgrade to the sink's self-signed certificate.
    disabledCommands: auth === undefined ? ["STARTTLS", "AUTH"] : ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onAuth(credentials: SMTPServerAuthentication, _session, callback) {
      if (auth !== undefined && credentials.username === auth.user && credentials.password === auth.pass) {
        callback(null, { user: credentials.username });
      } else {
        callback(smtpError("Authentication credentials invalid", 535));
      }
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) callback(smtpError(`<${address.address}>: Recipient address rejected`, 550));
      else callback();
    },
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((recipient) => held.has(recipient.address.toLowerCase()))) {
        stream.resume();
        // Held once read whole: the client then waits for an answer that only stop() gives.
        stream.once("end", () => {
          heldReplies.push(() => callback(smtpError("held message released at shutdown", 451)));
          for (const wake of [...waiters]) wake();
        });
        return;
      }
      if (refused < (options.refuseFirst ?? 0)) {
        refused += 1;
        stream.resume();
        stream.once("end", () => callback(smtpError("4.3.0 Temporary failure, try again later", 451)));
        return;
      }
      const drop = session.envelope.rcptTo.some((recipient) => dropped.has(recipient.address.toLowerCase()));
      simpleParser(stream).then(
        (parsed) => {
          received.push(toReceivedMail(parsed, session));
          for (const wake of [...waiters]) wake();
          if (drop) sockets.get(session.remotePort)?.destroy();
          else callback();
        },
        (error: unknown) => {
          stream.resume(); // drain, or the client waits for the end of DATA forever
          callback(smtpError(`could not parse message: ${(error as Error).message}`, 451));
        },
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // smtp-server emits socket errors (e.g. a client resetting the connection) on the server; ignore them.
  server.on("error", () => undefined);
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once("close", () => sockets.delete(port));
  });
  const port = (server.server.address() as AddressInfo).port;

  /** Resolves when `reached()` holds, checked whenever a message arrives or is held. */
  const until = (reached: () => boolean, shortfall: () => string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!reached()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`SMTP sink: ${shortfall()} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    host: HOST,
    port,
    get messages() {
      return [...received];
    },
    get refused() {
      return refused;
    },
    async waitForMessages(count, timeoutMs = 5000) {
      await until(
        () => received.length >= count,
        () => `expected ${count} message(s), got ${received.length}`,
        timeoutMs,
      );
      return [...received];
    },
    get held() {
      return heldReplies.length;
    },
    waitForHeld(count, timeoutMs = 5000) {
      return until(
        () => heldReplies.length >= count,
        () => `expected ${count} held message(s), got ${heldReplies.length}`,
        timeoutMs,
      );
    },
    clear() {
      received.length = 0;
    },
    stop() {
      for (const release of heldReplies.splice(0)) release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
