// Messages of one template composed once: each recipient still gets a whole, correct message of its own.
import type { MailMessage } from "@fdo/sdk";
import test from "ava";
import { type AddressObject, simpleParser } from "mailparser";
import { MessageCompiler } from "./message-compiler.js";
import type { PreparedMessage } from "./prepared-message.js";

const CHARTER = Buffer.from("Acceptable use charter\n");
const template = (to: string): MailMessage => ({
  from: "noreply@example.org",
  to: [to],
  bcc: ["archive@example.org"],
  subject: "Bienvenue à bord",
  text: "Hello,\n\nYour account is ready.\n",
  attachments: [{ filename: "charter.txt", content: CHARTER }],
  headers: { "Disposition-Notification-To": "noreply@example.org" },
});

/** The whole message as the pool would read it, parsed. */
const parsed = async (message: PreparedMessage) => simpleParser(Buffer.concat(await message.createReadStream().toArray()));

const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap((object) => object.value.map((address) => address.address));

test("messages differing only in their recipient share the composed body; each has its own To, Date and Message-ID", async (t) => {
  const compiler = new MessageCompiler();
  const [alice, bob] = await Promise.all(["alice@example.org", "bob@example.org"].map((to) => compiler.prepare(template(to))));
  t.deepEqual(alice?.getEnvelope(), { from: "noreply@example.org", to: ["alice@example.org", "archive@example.org"] });
  t.deepEqual(bob?.getEnvelope(), { from: "noreply@example.org", to: ["bob@example.org", "archive@example.org"] });
  const [first, second] = await Promise.all([alice, bob].map((message) => parsed(message as PreparedMessage)));
  t.deepEqual(addresses(first?.to), ["alice@example.org"]);
  t.deepEqual(addresses(second?.to), ["bob@example.org"]);
  t.is(first?.bcc, undefined, "the BCC is in the envelope only");
  t.is(first?.subject, "Bienvenue à bord");
  t.is(first?.text, "Hello,\n\nYour account is ready.\n");
  t.deepEqual(
    first?.attachments.map((attachment) => [attachment.filename, attachment.content.toString()]),
    [["charter.txt", CHARTER.toString()]],
  );
  t.true(first?.headers.has("disposition-notification-to"));
  t.truthy(first?.date);
  t.regex(alice?.messageId() ?? "", /^<[0-9a-f-]{36}@example\.org>$/);
  t.is(first?.messageId, alice?.messageId());
  t.is(alice?.getHeader("Message-ID"), alice?.messageId(), "the pool logs it");
  t.not(first?.messageId, second?.messageId);
  t.is([...(first?.headers.keys() ?? [])].filter((key) => key === "message-id" || key === "date" || key === "to").length, 3, "no field twice");
  t.deepEqual((await parsed(alice as PreparedMessage)).text, first?.text, "each stream is a fresh one: the pool reads a message again when it moves it to another connection");
});

test("a changed body is composed anew; a recipient that needs encoding is composed whole by nodemailer", async (t) => {
  const compiler = new MessageCompiler();
  const other = await parsed(await compiler.prepare({ ...template("carol@example.org"), text: "Bonjour Carol" }));
  t.is(other.text, "Bonjour Carol");
  const encoded = await compiler.prepare(template("Zoé <zoe@example.org>"));
  t.deepEqual(encoded.getEnvelope(), { from: "noreply@example.org", to: ["zoe@example.org", "archive@example.org"] });
  const zoe = await parsed(encoded);
  t.deepEqual([zoe.to].flat()[0]?.value, [{ name: "Zoé", address: "zoe@example.org" }]);
  t.is(zoe.text, "Hello,\n\nYour account is ready.\n");
  t.is(zoe.messageId, encoded.messageId());
});
