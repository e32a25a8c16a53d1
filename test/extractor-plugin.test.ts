// The Extractor/Export plugin against a real slapd and SMTP sink: a traversal attempt on `path` is a 400 naming the
// field and writes nothing; a real run writes the CSV under EXTRACTOR_DIR and mails it as an attachment.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { startTestHost, type TestHost } from "@fdo/testing";

const PLUGIN = path.resolve("plugins/extractor");
const LDIF = [path.resolve("test/fixtures/fd16-directory.ldif"), path.resolve("test/extractor-plugin/extractor-fixtures.ldif")];

async function host(t: ExecutionContext): Promise<{ h: TestHost; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-extractor-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const h = await startTestHost({ plugins: [PLUGIN], ldif: LDIF, now: "2026-11-28T10:00:00Z", config: { EXTRACTOR_DIR: dir } });
  t.teardown(() => h.stop());
  t.deepEqual(h.plugins.loaded.map((plugin) => plugin.id), ["extractor"]);
  return { h, dir };
}

const files = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).map(String).sort();

test.serial("a path or filename leading out of EXTRACTOR_DIR is a 400 naming the field, and nothing is written or mailed", async (t) => {
  const { h, dir } = await host(t);
  for (const [body, field] of [[{ path: "../escape" }, "path"], [{ path: "/etc" }, "path"], [{ path: "a\u0000b" }, "path"], [{ filename: "../x" }, "filename"]] as const) {
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
