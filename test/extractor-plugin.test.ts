// The Extractor/Export plugin against a real slapd and SMTP sink: a traversal attempt on `path` is a 400 naming the
// field and writes nothing; a real run writes the CSV under EXTRACTOR_DIR and mails it as an attachment.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SmtpSinkOptions, sandboxConfig, startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const PLUGIN = path.resolve("plugins/extractor");
const LDIF = [path.resolve("test/fixtures/fd16-directory.ldif"), path.resolve("test/extractor-plugin/extractor-fixtures.ldif")];

const TASKS = "ou=tasks,dc=example,dc=org";
const subtask = (task: string, n: string) => `cn=${task}-SubTask-1795780802_${n},${TASKS}`;
type Body = Record<string, { result: string }>;

async function host(t: ExecutionContext, smtp?: SmtpSinkOptions): Promise<{ h: TestHost; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-extractor-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const h = await startTestHost({ plugins: [PLUGIN], ldif: LDIF, now: "2026-11-28T10:00:00Z", config: { EXTRACTOR_DIR: dir }, smtp });
  t.teardown(() => h.stop());
  t.deepEqual(
    h.plugins.loaded.map((plugin) => plugin.id),
    ["extractor"],
  );
  return { h, dir };
}

const status = async (h: TestHost, dn: string) => (await h.ldap.read(dn, ["fdTasksGranularStatus"]))?.first("fdTasksGranularStatus");
/** The written file whose name starts with `prefix` (exactly one). */
async function writtenFile(t: ExecutionContext, dir: string, prefix: string): Promise<string> {
  const matching = (await files(dir)).filter((name) => path.basename(name).startsWith(prefix) && name.endsWith(".csv"));
  t.is(matching.length, 1, JSON.stringify(matching));
  return path.join(dir, matching[0] ?? "");
}

const files = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).map(String).sort();

test.serial("a path or filename leading out of EXTRACTOR_DIR is a 400 naming the field, and nothing is written or mailed", async (t) => {
  const { h, dir } = await host(t);
  for (const [body, field] of [
    [{ path: "../escape" }, "path"],
    [{ path: "/etc" }, "path"],
    [{ path: "a\u0000b" }, "path"],
    [{ filename: "../x" }, "filename"],
  ] as const) {
    const response = await h.request("PATCH", "/api/tasks/extractor", { body });
    t.is(response.status, 400, JSON.stringify(body));
    t.like(response.body, { code: "FDO_ERR_EXTRACTOR_PATH_INVALID", details: { field } });
  }
  t.is((await h.request("PATCH", "/api/tasks/export", { body: { nope: 1 } })).status, 400);
  t.deepEqual(await files(dir), []);
  t.is(h.smtp.messages.length, 0);
});

test.serial("an absolute path inside EXTRACTOR_DIR is accepted; the CSV is written there and mailed once", async (t) => {
  const { h, dir } = await host(t);
  const response = await h.request("PATCH", "/api/tasks/extractor", { body: { path: path.join(dir, "team") } });
  t.is(response.status, 200, JSON.stringify(response.body));
  const written = (await files(dir)).filter((name) => name.endsWith(".csv"));
  t.true(written.length > 0, JSON.stringify(response.body));
  t.true(written.every((name) => name.startsWith(`team${path.sep}`)));
  t.true(JSON.stringify(response.body).includes("Batch extraction successful to"));
  const mailed = h.smtp.messages.length;
  t.true(mailed > 0);
  const again = await h.request("PATCH", "/api/tasks/extractor");
  t.is(again.status, 200);
  t.is(h.smtp.messages.length, mailed, "a second run mails nothing again");
});

test.serial("the CSV is 0640, RFC 4180 with the header in order, ';' joins and UTF-8, and the mail attaches exactly that file", async (t) => {
  const { h, dir } = await host(t);
  const body = (await h.request("PATCH", "/api/tasks/extractor")).body as Body;
  const trioFile = await writtenFile(t, dir, "f16-extract-trio_");
  t.is((await stat(trioFile)).mode & 0o777, 0o640);
  t.is(body[subtask("f16-extract-trio", "9301")]?.result, `Batch extraction successful to ${trioFile}. Email sent to recipients.`);
  const trio = await readFile(trioFile, "utf8");
  const lines = trio.split("\r\n");
  t.is(lines[0], "dn,uid,cn,mail,supannRessourceEtat", "the selected attributes in the task's order, after dn");
  t.true(lines.includes('"uid=f16-cat,ou=people,dc=example,dc=org",f16-cat,Cat Expired,cat@example.org;cat.expired@example.org,{COMPTE}I:SupannExpire;{APP-wiki}I:SupannExpire'));
  t.is(lines.filter((line) => line.startsWith('"uid=f16-')).length, 3, "every member of the group, not only the first");

  const allFile = await writtenFile(t, dir, "f16-extract-all_");
  const all = await readFile(allFile, "utf8");
  t.true(all.includes("Faÿ Ünïcode-Ørsted"), "UTF-8 kept");
  t.true(all.includes('"Line one,\r\nline ""two"""') || all.includes('"Line one,\nline ""two"""'), "comma, line break and quotes quoted as RFC 4180 says");
  const header = all.split("\r\n")[0]?.split(",") ?? [];
  t.is(header[0], "dn");
  t.deepEqual(
    header.slice(1),
    [...header.slice(1)].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    "ALL: a stable (sorted) header",
  );

  const mails = h.smtp.messages;
  const trioMail = mails.find((mail) => mail.attachments.some((attachment) => attachment.filename === path.basename(trioFile)));
  t.deepEqual(trioMail?.envelope.to, ["hr@example.org"]);
  t.is(trioMail?.from, "noreply@example.org");
  t.is(trioMail?.subject, "FusionDirectory Extractor - Export file");
  t.is(trioMail?.text.trim(), `Your requested extract is attached.\n\nFile: ${trioFile}`);
  t.true(trioMail?.attachments[0]?.content.equals(await readFile(trioFile)), "the attachment is the file, byte for byte");
  const allMail = mails.find((mail) => mail.attachments.some((attachment) => attachment.filename === path.basename(allFile)));
  t.deepEqual([...(allMail?.envelope.to ?? [])].sort(), ["ann@example.org", "dan@example.org"]);

  t.is(body[subtask("f16-extract-nobody", "9501")]?.result, "No user DNs to process.");
  // Upstream only extracts the bulkExtractorTask subtask: another 'extract' subtask stays pending.
  t.is(await status(h, subtask("f16-extract-trio", "9302")), "1");
});

test.serial("export: one mail per subtask user, from fdExportEmailSender, every member of the nested group", async (t) => {
  const { h, dir } = await host(t);
  const body = (await h.request("PATCH", "/api/tasks/export")).body as Body;
  t.regex(body[subtask("f16-export-nested", "9601")]?.result ?? "", /^Batch export successful to .*\. Email sent to recipients\.$/);
  t.is(h.smtp.messages.length, 2);
  t.deepEqual(h.smtp.messages.map((mail) => mail.envelope.to.join()).sort(), ["eve@example.org", "hr@example.org"]);
  for (const mail of h.smtp.messages) {
    t.is(mail.from, "exports@example.org", "the sender upstream never read");
    t.is(mail.subject, "FusionDirectory Export - Export file");
    const csv = mail.attachments[0]?.content.toString("utf8") ?? "";
    t.is(csv.split("\r\n")[0], "dn,uid,mail");
    for (const uid of ["f16-ann", "f16-ben", "f16-cat", "f16-dan"]) t.true(csv.includes(`uid=${uid},`), uid);
  }
  t.true((await files(dir)).length > 0);
  t.is(await status(h, subtask("f16-export-nested", "9602")), "2");
});

test.serial("export files older than EXTRACTOR_RETENTION_DAYS are pruned; recent ones and other files stay", async (t) => {
  const { h, dir } = await host(t);
  await mkdir(path.join(dir, "team"));
  const old = path.join(dir, "team", "old_2026-09-01_08-00-00_0123456789abcdef.csv");
  const recent = path.join(dir, "recent_2026-11-20_08-00-00_fedcba9876543210.csv");
  const notOurs = path.join(dir, "notes.csv");
  for (const [file, day] of [
    [old, "2026-09-01"],
    [recent, "2026-11-20"],
    [notOurs, "2026-01-01"],
  ] as const) {
    await writeFile(file, "x");
    await utimes(file, new Date(`${day}T08:00:00Z`), new Date(`${day}T08:00:00Z`));
  }
  t.is((await h.request("PATCH", "/api/tasks/extractor")).status, 200);
  const left = await files(dir);
  t.false(left.includes(path.join("team", path.basename(old))), "58 days old: pruned (default 30 days)");
  t.true(left.includes(path.basename(recent)));
  t.true(left.includes("notes.csv"), "a file the plugin did not name is never deleted");
});

test.serial("a mail failure keeps the file and fails the subtask with the SMTP reply", async (t) => {
  const { h, dir } = await host(t, { rejectRecipients: ["hr@example.org"] });
  const body = (await h.request("PATCH", "/api/tasks/extractor")).body as Body;
  const trioFile = await writtenFile(t, dir, "f16-extract-trio_");
  const result = body[subtask("f16-extract-trio", "9301")]?.result ?? "";
  t.true(result.startsWith(`Batch extraction successful to ${trioFile}, but email failed: `), result);
  t.regex(result, /550/);
  t.is(await status(h, subtask("f16-extract-trio", "9301")), result);
  t.true((await stat(trioFile)).isFile());
});

test.serial("two hosts on one directory and one SMTP server, run together: each CSV is mailed once", async (t) => {
  const { h: first, dir } = await host(t);
  // The second instance talks to the first one's slapd and SMTP sink and writes to the same directory.
  const second = await startTestHost({ plugins: [PLUGIN], demoData: false, now: "2026-11-28T10:00:00Z", config: { ...sandboxConfig(first.slapd, first.smtp), EXTRACTOR_DIR: dir } });
  t.teardown(() => second.stop());
  const responses = await Promise.all([first, second, first, second].map((h) => h.request("PATCH", "/api/tasks/extractor")));
  for (const response of responses) t.is(response.status, 200);
  const attached = first.smtp.messages.flatMap((mail) => mail.attachments.map((attachment) => attachment.filename));
  t.deepEqual(
    attached.filter((name, index) => attached.indexOf(name) !== index),
    [],
    "no file mailed twice",
  );
  const prefixes = attached.map((name) => name.replace(/_\d{4}-.*$/, "")).sort();
  t.deepEqual(prefixes, ["f16-extract-all", "f16-extract-trio"], "each extraction mailed once, by one of the hosts");
  t.is(second.smtp.messages.length, 0);
  t.is((await files(dir)).filter((name) => name.endsWith(".csv")).length, 2, "each CSV written once");
});
