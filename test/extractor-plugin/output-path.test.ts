import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isOrchestratorError } from "@fdo/sdk";
import type { ExecutionContext } from "ava";
import test from "ava";
import { type ExportRoot, openExportRoot, requestedFileBase, resolveExportDirectory, taskFileBase } from "../../plugins/extractor/src/output-path.js";

async function scratch(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-extractor-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function root(t: ExecutionContext): Promise<{ base: string; root: ExportRoot }> {
  const base = await scratch(t);
  await mkdir(path.join(base, "exports"));
  return { base, root: await openExportRoot(path.join(base, "exports"), false) };
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<{ code: string; status: number; field: unknown; message: string }> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (isOrchestratorError(error)) return { code: error.code, status: error.status, field: error.details?.["field"], message: error.message };
    throw error;
  }
  throw new Error("accepted");
}

test("a configured export directory must exist; the default one is created, mode 0750", async (t) => {
  const base = await scratch(t);
  const missing = await refusal(openExportRoot(path.join(base, "nope"), false));
  t.is(missing.code, "FDO_ERR_EXTRACTOR_DIR_UNAVAILABLE");
  t.regex(missing.message, /does not exist/);
  const created = await openExportRoot(path.join(base, "var", "exports"), true);
  t.is(created.real, path.join(base, "var", "exports"));
  t.is((await stat(created.real)).mode & 0o777, 0o750);
  await writeFile(path.join(base, "file"), "x");
  t.regex((await refusal(openExportRoot(path.join(base, "file"), true))).message, /is not a directory/);
});

test("no path is the export directory; a relative path is created below it", async (t) => {
  const { root: exports } = await root(t);
  t.is(await resolveExportDirectory(exports, undefined), exports.real);
  const team = await resolveExportDirectory(exports, "team/2026/");
  t.is(team, path.join(exports.real, "team", "2026"));
  t.is((await stat(team)).mode & 0o777, 0o750);
  t.is(await resolveExportDirectory(exports, "./team//2026"), team, "the same directory again, nothing new");
});

test("an absolute path is accepted only inside the export directory (what the official client sends)", async (t) => {
  const { base, root: exports } = await root(t);
  t.is(await resolveExportDirectory(exports, `${exports.configured}/`), exports.real);
  t.is(await resolveExportDirectory(exports, `${exports.configured}/team`), path.join(exports.real, "team"));
  for (const outside of ["/srv/orchestrator/", "/etc", base, `${exports.configured}-other/x`]) {
    const refused = await refusal(resolveExportDirectory(exports, outside));
    t.deepEqual([refused.code, refused.status, refused.field], ["FDO_ERR_EXTRACTOR_PATH_INVALID", 400, "path"], outside);
    t.is(refused.message, `path ${JSON.stringify(outside)} is not allowed: an absolute path must lie inside the export directory`, "only the request's own value is shown");
  }
});

test("traversal, NUL and odd names are refused naming the path field, before anything is created", async (t) => {
  const { root: exports } = await root(t);
  const cases: Array<[string, RegExp]> = [
    ["../../etc", /'\.\.' is not allowed/],
    ["team/../../x", /'\.\.' is not allowed/],
    [`${exports.configured}/../x`, /'\.\.' is not allowed/],
    ["team\0/x", /NUL or control character/],
    ["team\\x", /use \/ between directories/],
    [".hidden", /directory names are letters/],
    ["a/b/c/d/e/f/g/h/i", /at most 8 directories deep/],
  ];
  for (const [requested, why] of cases) {
    const refused = await refusal(resolveExportDirectory(exports, requested));
    t.deepEqual([refused.code, refused.status, refused.field], ["FDO_ERR_EXTRACTOR_PATH_INVALID", 400, "path"], requested);
    t.regex(refused.message, why, requested);
  }
  await t.throwsAsync(stat(path.join(exports.real, "team")), { code: "ENOENT" });
});

test("a symbolic link leading out is refused; one that stays inside is followed; a file in the way is refused", async (t) => {
  const { base, root: exports } = await root(t);
  await mkdir(path.join(base, "elsewhere"));
  await symlink(path.join(base, "elsewhere"), path.join(exports.real, "out"));
  await mkdir(path.join(exports.real, "inside"));
  await symlink(path.join(exports.real, "inside"), path.join(exports.real, "alias"));
  await writeFile(path.join(exports.real, "plain"), "x");
  const out = await refusal(resolveExportDirectory(exports, "out/sub"));
  t.deepEqual([out.code, out.field], ["FDO_ERR_EXTRACTOR_PATH_INVALID", "path"]);
  t.regex(out.message, /symbolic link on the way leads out of the export directory/);
  await t.throwsAsync(stat(path.join(base, "elsewhere", "sub")), { code: "ENOENT" }, "nothing created through the link");
  t.is(await resolveExportDirectory(exports, "alias/sub"), path.join(exports.real, "inside", "sub"));
  t.regex((await refusal(resolveExportDirectory(exports, "plain/sub"))).message, /plain is not a directory/);
});

test("a filename is one plain name; the task's cn is made one", async (t) => {
  t.is(requestedFileBase("staff export (2026)"), "staff export (2026)");
  t.is(requestedFileBase("Élèves_2026"), "Élèves_2026");
  for (const [filename, why] of [
    ["../passwd", /a name, not a path/],
    ["a/b", /a name, not a path/],
    ["..", /use letters/],
    [".bashrc", /use letters/],
    ["x\0y", /NUL or control character/],
    ["x".repeat(101), /at most 100 characters/],
  ] as const) {
    const refused = await refusal(() => requestedFileBase(filename));
    t.deepEqual([refused.code, refused.status, refused.field], ["FDO_ERR_EXTRACTOR_PATH_INVALID", 400, "filename"], filename);
    t.regex(refused.message, why, filename);
  }
  t.is(taskFileBase("extract staff/2026: all"), "extract_staff_2026_all");
  t.is(taskFileBase("../.."), "export");
  t.is(taskFileBase("Élèves"), "Élèves");
});
