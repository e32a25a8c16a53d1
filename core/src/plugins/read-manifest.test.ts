import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test, { type ExecutionContext } from "ava";
import { readManifest } from "./read-manifest.js";

async function packageWith(t: ExecutionContext, pkg: unknown): Promise<string> {
  const scratch = await mkdtemp(path.join(tmpdir(), "fdo-manifest-"));
  t.teardown(() => rm(scratch, { recursive: true, force: true }));
  const directory = path.join(scratch, "plugin");
  await mkdir(directory);
  await writeFile(path.join(directory, "package.json"), typeof pkg === "string" ? pkg : JSON.stringify(pkg));
  return directory;
}

const valid = { apiVersion: 2, id: "mail", entry: "dist/index.js", sdk: "^2.0.0" };

test("a valid manifest resolves its entry inside the package", async (t) => {
  const directory = await packageWith(t, { name: "x", fdOrchestrator: valid });
  const pkg = await readManifest(directory);
  t.deepEqual(pkg.manifest, valid);
  t.is(pkg.entryPath, path.join(directory, "dist/index.js"));
});

const broken: Array<[string, unknown, RegExp]> = [
  ["not JSON", "{", /cannot be read as JSON/],
  ["no manifest", { name: "x" }, /no fdOrchestrator object/],
  ["an API version 1 (v1 plugin) manifest", { fdOrchestrator: { ...valid, apiVersion: 1 } }, /apiVersion must be 2/],
  ["bad id", { fdOrchestrator: { ...valid, id: "Mail Plugin" } }, /kebab-case/],
  ["bad range", { fdOrchestrator: { ...valid, sdk: "one point oh" } }, /semver range/],
  ["entry escaping the package", { fdOrchestrator: { ...valid, entry: "../other/index.js" } }, /inside the package/],
  ["no entry", { fdOrchestrator: { ...valid, entry: "" } }, /must name the entry/],
];

for (const [name, pkg, reason] of broken) {
  test(`refused: ${name}`, async (t) => {
    const error = await t.throwsAsync(readManifest(await packageWith(t, pkg)));
    t.is((error as { code?: string }).code, "FDO_ERR_PLUGIN_MANIFEST_INVALID");
    t.regex(error?.message ?? "", reason);
  });
}
