import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { exportFileName } from "../../plugins/extractor/src/export-file.js";
import { pruneExports } from "../../plugins/extractor/src/retention.js";

const NOW = new Date("2026-11-28T10:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

test("export files older than the retention are deleted, below sub-directories too; newer and foreign files stay", async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), "fdo-extractor-prune-"));
  const outside = await mkdtemp(path.join(tmpdir(), "fdo-extractor-outside-"));
  t.teardown(() => Promise.all([rm(root, { recursive: true, force: true }), rm(outside, { recursive: true, force: true })]));
  await mkdir(path.join(root, "team"));
  const file = async (relative: string, age: number) => {
    await writeFile(path.join(root, relative), "x");
    await utimes(path.join(root, relative), daysAgo(age), daysAgo(age));
  };
  const old = exportFileName("staff", daysAgo(40), "0000000000000001");
  const recent = exportFileName("staff", daysAgo(2), "0000000000000002");
  const oldInTeam = path.join("team", exportFileName("team", daysAgo(31), "0000000000000003"));
  await file(old, 40);
  await file(recent, 2);
  await file(oldInTeam, 31);
  await file("notes.txt", 400);
  // A link to another directory holding an old export file: never followed.
  const foreign = exportFileName("foreign", daysAgo(90), "0000000000000004");
  await writeFile(path.join(outside, foreign), "x");
  await utimes(path.join(outside, foreign), daysAgo(90), daysAgo(90));
  await symlink(outside, path.join(root, "link"));

  t.deepEqual(await pruneExports(root, 0, NOW), { removed: [], failed: [] }, "0 keeps everything");
  const result = await pruneExports(root, 30, NOW);
  t.deepEqual([...result.removed].sort(), [old, oldInTeam].sort());
  t.deepEqual(result.failed, []);
  t.deepEqual((await readdir(root)).sort(), ["link", "notes.txt", recent, "team"].sort());
  t.deepEqual(await readdir(outside), [foreign]);
});
