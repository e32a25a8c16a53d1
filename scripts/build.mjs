// Builds every bundle with esbuild. `--tests` also transpiles sources and tests 1:1 into build/ for ava.
// Tests always run esbuild output: esbuild emits no decorator metadata, and a tsc build would hide that.
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const common = { bundle: true, platform: "node", format: "esm", target: "node20", sourcemap: "linked", tsconfig: "tsconfig.json", logLevel: "warning" };
// Kept out of plugin bundles so core and every plugin share one tsyringe container and one SDK.
export const SHARED_MODULES = ["@fdo/sdk", "tsyringe", "reflect-metadata", "koa", "@koa/router"];

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
    .filter((dir) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).fdOrchestrator !== undefined);
}

const started = Date.now();
await build({ ...common, entryPoints: { index: "sdk/src/index.ts", testing: "sdk/src/testing/index.ts" }, outdir: "sdk/dist", packages: "external" });
await build({
  ...common,
  entryPoints: { index: "core/src/index.ts", main: "core/src/main.ts", client: "core/src/client/main.ts", "resolve-hook": "core/src/plugins/resolve-hook.ts" },
  outdir: "core/dist",
  splitting: true,
  packages: "external",
});
const plugins = pluginPackages();
await Promise.all(
  plugins.map((dir) =>
    build({ ...common, entryPoints: [path.join(dir, "src/index.ts")], outfile: path.join(dir, "dist/index.js"), external: SHARED_MODULES }),
  ),
);

if (process.argv.includes("--tests")) {
  // No wipe of build/ first: ava picks test files by their sources, so stale outputs never run, and several
  // developers' builds may overlap with test runs.
  const sources = ["sdk/src", "core/src", "plugins", "examples", "test"].flatMap((dir) => walk(dir, (file) => file.endsWith(".ts") && !file.endsWith(".d.ts")));
  await build({ entryPoints: sources, outdir: "build", outbase: ".", bundle: false, platform: "node", format: "esm", target: "node20", sourcemap: "inline", tsconfig: "tsconfig.json", logLevel: "warning" });
}
console.log(`built sdk, core and ${plugins.length} plugin(s) in ${Date.now() - started} ms`);
