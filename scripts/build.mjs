// Builds every bundle with esbuild. `--tests` also transpiles sources and tests 1:1 into build/ for ava.
// Tests always run esbuild output: esbuild emits no decorator metadata, and a tsc build would hide that.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
// SDK_VERSION is the contract package's version, written once in its package.json.
const define = { __FDO_SDK_VERSION__: JSON.stringify(readJson("sdk/contract/package.json").version) };
const common = { bundle: true, platform: "node", format: "esm", target: "node20", sourcemap: "linked", tsconfig: "tsconfig.base.json", define, logLevel: "warning" };
// Published packages, in dependency order: each one's .d.ts build reads the previous ones' .d.ts.
const SDK_PACKAGES = ["sdk/contract", "sdk/fusiondirectory", "sdk/testing"];

const walk = (dir, keep) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    return statSync(full).isDirectory() ? walk(full, keep) : keep(full) ? [full] : [];
  });

function pluginPackages() {
  const parents = ["plugins", "examples", "test/fixtures/plugins"];
  return parents
    .filter((parent) => existsSync(parent))
    .flatMap((parent) => readdirSync(parent).map((name) => path.join(parent, name)))
    .filter((dir) => existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "src/index.ts")))
    .filter((dir) => readJson(path.join(dir, "package.json")).fdOrchestrator !== undefined);
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

// A package's .d.ts files only import each other and other packages' types, so they depend on its own sources alone:
// skip tsc (seconds per package) when none is newer than the last output.
function declarationsUpToDate(dir) {
  const inputs = [path.join(dir, "package.json"), path.join(dir, "tsconfig.build.json"), ...walk(path.join(dir, "src"), (file) => file.endsWith(".ts"))];
  return Math.max(...inputs.map(mtime)) < mtime(path.join(dir, "dist/index.d.ts"));
}

/** The package's JS (one bundle, its dependencies external) and its .d.ts files, both in dist/. */
async function buildSdkPackage(dir) {
  const declarations = !declarationsUpToDate(dir);
  if (declarations) rmSync(path.join(dir, "dist"), { recursive: true, force: true }); // no .d.ts of deleted sources
  await build({ ...common, entryPoints: [path.join(dir, "src/index.ts")], outfile: path.join(dir, "dist/index.js"), packages: "external" });
  if (!declarations) return;
  const tsc = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.build.json")], { stdio: "inherit" });
  if (tsc.status !== 0) throw new Error(`${dir}: declaration build failed`);
}

const started = Date.now();
for (const dir of SDK_PACKAGES) await buildSdkPackage(dir);
await build({
  ...common,
  entryPoints: { index: "core/src/index.ts", main: "core/src/main.ts", client: "core/src/client/main.ts" },
  outdir: "core/dist",
  splitting: true,
  packages: "external",
});
// Each plugin is one self-contained file with its own copy of the SDK: the host recognises it by Symbol.for brands,
// so nothing has to be resolved from the host's node_modules when it loads.
const plugins = pluginPackages();
await Promise.all(plugins.map((dir) => build({ ...common, entryPoints: [path.join(dir, "src/index.ts")], outfile: path.join(dir, "dist/index.js") })));

if (process.argv.includes("--tests")) {
  // No wipe of build/ first: ava picks test files by their sources, so stale outputs never run, and several
  // developers' builds may overlap with test runs.
  const sources = ["sdk", "core/src", "plugins", "examples", "test"].flatMap((dir) => walk(dir, (file) => file.endsWith(".ts") && !file.endsWith(".d.ts")));
  await build({
    entryPoints: sources,
    outdir: "build",
    outbase: ".",
    bundle: false,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    tsconfig: "tsconfig.base.json",
    define,
    logLevel: "warning",
  });
}
console.log(`built ${SDK_PACKAGES.length} SDK packages, core and ${plugins.length} plugin(s) in ${Date.now() - started} ms`);
