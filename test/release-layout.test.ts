// The release folder `npm run package` archives (scripts/release/layout.mjs), assembled into a temp directory outside
// the repository and run from there as an admin would: bin/fusiondirectory-orchestrator --config FILE against a
// throwaway slapd, with a plugin scaffolded from the release's packages/ loaded from PLUGINS_DIR. The release's
// production node_modules come from `npm ci` in CI (scripts/ci/release-check.mjs); here the repository's modules
// stand in for them, except create-fdo-plugin, unpacked from the release's own tarball.
import { execFile } from "node:child_process";
import { access, constants, cp, mkdir, readdir, readFile, rename, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import test from "ava";
import { build } from "esbuild";
import { scratchDir } from "./support/scratch-dir.js";

const run = promisify(execFile);
// biome-ignore lint/suspicious/noExplicitAny: JSON documents, read field by field in the assertions below.
const readJson = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Record<string, any>;
const { assembleRelease, releaseName } = await import(pathToFileURL(path.resolve("scripts/release/layout.mjs")).href);
const { probeLdif, smokeTest } = await import(pathToFileURL(path.resolve("scripts/release/smoke-test.mjs")).href);

/** node_modules as `npm ci` would lay it out for these checks: the repository's packages, the scaffold from its tarball. */
async function linkModules(release: string): Promise<void> {
  const modules = path.join(release, "node_modules");
  await mkdir(modules);
  for (const name of await readdir("node_modules")) {
    if (name !== "create-fdo-plugin" && name !== ".bin") await symlink(path.resolve("node_modules", name), path.join(modules, name));
  }
  const tarball = (await readdir(path.join(release, "packages"))).find((file) => file.startsWith("create-fdo-plugin-"));
  await run("tar", ["-xzf", path.join(release, "packages", tarball as string), "-C", modules]);
  await rename(path.join(modules, "package"), path.join(modules, "create-fdo-plugin"));
}

test("the assembled release runs from outside the repository: its binaries, packages and a plugin scaffolded from them", async (t) => {
  const work = await scratchDir(t, "fdo-release-layout");
  const release = path.join(work, releaseName() as string);
  const manifest = assembleRelease(release) as Record<string, unknown>;

  // What the archive holds: binaries, a private manifest with the SDK from packages/, a lock with no development tool.
  for (const launcher of ["fusiondirectory-orchestrator", "fusiondirectory-orchestrator-client", "create-fdo-plugin"]) {
    await access(path.join(release, "bin", launcher), constants.X_OK);
    t.true((await readFile(path.join(release, "bin", launcher), "utf8")).startsWith("#!/usr/bin/env node\n"), launcher);
  }
  t.like(manifest, { private: true, type: "module", dependencies: { "@fdo/sdk": "file:packages/fdo-sdk-2.0.0.tgz", "create-fdo-plugin": "file:packages/create-fdo-plugin-2.0.0.tgz" } });
  t.false("devDependencies" in manifest);
  t.deepEqual((await readdir(path.join(release, "packages"))).sort(), [
    "create-fdo-plugin-2.0.0.tgz",
    "fdo-core-0.1.0.tgz",
    "fdo-fusiondirectory-2.0.0.tgz",
    "fdo-sdk-2.0.0.tgz",
    "fdo-testing-2.0.0.tgz",
  ]);
  const lock = await readJson(path.join(release, "package-lock.json"));
  const locked = Object.keys(lock["packages"]).map((entry) => entry.replace(/^.*node_modules\//, ""));
  t.true(locked.includes("koa") && locked.includes("ldapts") && locked.includes("@fdo/sdk"));
  for (const tool of ["esbuild", "typescript", "ava", "@types/node"]) t.false(locked.includes(tool), tool);
  t.false(Object.values(lock["packages"] as Record<string, { dev?: boolean }>).some((entry) => entry.dev === true));
  const example = await readJson(path.join(release, "examples/password-expiry/package.json"));
  t.is(example["devDependencies"]["@fdo/sdk"], "file:../../packages/fdo-sdk-2.0.0.tgz");
  t.is(example["overrides"]["@fdo/core"], "file:../../packages/fdo-core-0.1.0.tgz");
  await linkModules(release);

  const version = await run(path.join(release, "bin/fusiondirectory-orchestrator"), ["--version"], { cwd: work });
  t.is(version.stdout, `fusiondirectory-orchestrator ${manifest["version"]}\n`);

  // A plugin from the release's scaffold (it finds packages/ by itself), built as its own build script does.
  const plugin = path.join(work, "fdo-plugin-layout-probe");
  const scaffolded = await run(path.join(release, "bin/create-fdo-plugin"), [plugin], { cwd: work });
  t.regex(scaffolded.stdout, new RegExp(`@fdo packages: ${path.join(release, "packages")}`));
  t.is((await readJson(path.join(plugin, "package.json")))["devDependencies"]["@fdo/testing"], `file:../${path.basename(release)}/packages/fdo-testing-2.0.0.tgz`);
  const pluginsDir = path.join(work, "plugins");
  await mkdir(path.join(pluginsDir, "layout-probe"), { recursive: true });
  await build({
    entryPoints: [path.join(plugin, "src/index.ts")],
    outfile: path.join(pluginsDir, "layout-probe/dist/index.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    nodePaths: [path.resolve("node_modules")],
    logLevel: "warning",
  });
  await cp(path.join(plugin, "package.json"), path.join(pluginsDir, "layout-probe/package.json"));
  const ldif = path.join(work, "probe.ldif");
  await writeFile(ldif, probeLdif("layoutProbe") as string);

  const seen = await smokeTest({ release, workDir: work, pluginsDir, ldif: [ldif], taskType: "layoutProbe" });
  t.is(seen.pluginSubtasks, 1);
  t.true(seen.mailsSent > 0);
  t.regex(seen.log, /"plugins":\["archive","audit","automatic-groups","extractor","lifecycle","mail","notifications","reminder","layout-probe"\]/);
});
