import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ExecutionContext } from "ava";
import test from "ava";
import { EXPORT_FILE_NAME, exportFileName, writeExportFile } from "../../plugins/extractor/src/export-file.js";

const NOW = new Date("2026-11-28T10:04:05Z");

async function scratch(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-extractor-file-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test("names carry the UTC time and the random part, and are recognised for pruning", (t) => {
  const name = exportFileName("staff", NOW, "0123456789abcdef");
  t.is(name, "staff_2026-11-28_10-04-05_0123456789abcdef.csv");
  t.regex(name, EXPORT_FILE_NAME);
  t.notRegex("staff.csv", EXPORT_FILE_NAME);
});

test("the file gets the chunks, mode 0640, and its name and size are returned", async (t) => {
  const dir = await scratch(t);
  const file = await writeExportFile(dir, "staff", NOW, ["dn,uid\r\n", "x,ÿ\r\n"]);
  t.regex(file.name, /^staff_2026-11-28_10-04-05_[0-9a-f]{16}\.csv$/);
  t.is(file.path, path.join(dir, file.name));
  t.is(await readFile(file.path, "utf8"), "dn,uid\r\nx,ÿ\r\n");
  t.is(file.bytes, Buffer.byteLength("dn,uid\r\nx,ÿ\r\n"));
  t.is((await stat(file.path)).mode & 0o777, 0o640);
});

test("an existing file is never overwritten: another name is drawn", async (t) => {
  const dir = await scratch(t);
  await writeFile(path.join(dir, exportFileName("staff", NOW, "aaaaaaaaaaaaaaaa")), "someone else's");
  const draws = ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"];
  const file = await writeExportFile(dir, "staff", NOW, ["mine"], () => draws.shift() as string);
  t.is(file.name, exportFileName("staff", NOW, "bbbbbbbbbbbbbbbb"));
  t.is(await readFile(path.join(dir, exportFileName("staff", NOW, "aaaaaaaaaaaaaaaa")), "utf8"), "someone else's");
});

test("two runs writing at once get two files", async (t) => {
  const dir = await scratch(t);
  const [a, b] = await Promise.all([writeExportFile(dir, "staff", NOW, ["a"]), writeExportFile(dir, "staff", NOW, ["b"])]);
  t.not(a.path, b.path);
  t.deepEqual((await readdir(dir)).sort(), [a.name, b.name].sort());
});

test("a failure while writing leaves no partial file", async (t) => {
  const dir = await scratch(t);
  async function* failing(): AsyncGenerator<string> {
    yield "dn\r\n";
    throw new Error("directory lost");
  }
  await t.throwsAsync(writeExportFile(dir, "staff", NOW, failing()), { message: "directory lost" });
  t.deepEqual(await readdir(dir), []);
});
