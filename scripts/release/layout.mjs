// The release archive's folder, everything but node_modules: the built service and plugins, the binaries, examples,
// the sandbox's LDAP files and packages/ with the tarballs plugin authors install. `package.mjs` installs the
// production node_modules into it and archives it; tests assemble it to run the binaries from outside the repository.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fdoDependencies } from "../../sdk/create-fdo-plugin/lib/sdk-packages.mjs";
import { packPackages } from "./pack-packages.mjs";
import { productionLock } from "./production-lock.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), "utf8"));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** The release's top folder name, `fusiondirectory-orchestrator-<version>`. */
export function releaseName() {
  const { name, version } = readJson("package.json");
  return `${name}-${version}`;
}

/** Launchers in bin/: plain files (no symlinks), so the archive unpacks the same everywhere. */
const LAUNCHERS = {
  "fusiondirectory-orchestrator": { target: "../core/dist/main.js", what: "the service: start, check-config, demo (--help)" },
  "fusiondirectory-orchestrator-client": { target: "../core/dist/client.js", what: "the client for cron, a drop-in for FusionDirectory's (--help)" },
  "create-fdo-plugin": { target: "../node_modules/create-fdo-plugin/bin/create-fdo-plugin.mjs", what: "a new plugin whose @fdo dependencies are this release's packages/" },
};
/** Installed into the release's node_modules from packages/, beside the core's registry dependencies. */
const FROM_PACKAGES = ["@fdo/sdk", "@fdo/fusiondirectory", "create-fdo-plugin"];
const WORKSPACE_OF = { "@fdo/sdk": "sdk/contract", "@fdo/fusiondirectory": "sdk/fusiondirectory", "create-fdo-plugin": "sdk/create-fdo-plugin" };
const EXAMPLE_FILES = ["config", "cron", "systemd"];
const PLUGIN_EXAMPLE = "password-expiry";

const copy = (from, to) => cpSync(path.join(root, from), to, { recursive: true });

/** package.json of the release: private, the core's runtime dependencies, the SDK packages from packages/. */
function releaseManifest(tarballs) {
  const { name, version, description, license, engines } = readJson("package.json");
  const core = readJson("core/package.json");
  const registry = Object.entries(core.dependencies).filter(([dependency]) => !dependency.startsWith("@fdo/"));
  const local = FROM_PACKAGES.map((dependency) => [dependency, `file:packages/${tarballs[dependency]}`]);
  const dependencies = Object.fromEntries([...registry, ...local].sort(([a], [b]) => a.localeCompare(b)));
  const bin = Object.fromEntries(Object.keys(LAUNCHERS).map((launcher) => [launcher, `bin/${launcher}`]));
  return { name, version, description, license, private: true, type: "module", engines, bin, dependencies };
}

function writeLaunchers(target) {
  mkdirSync(path.join(target, "bin"));
  for (const [launcher, { target: module, what }] of Object.entries(LAUNCHERS)) {
    const file = path.join(target, "bin", launcher);
    writeFileSync(file, `#!/usr/bin/env node\n// ${what}\nimport "${module}";\n`);
    chmodSync(file, 0o755);
  }
}

/** Built-in plugins as the host loads them: manifest, README and the self-contained bundle; their overview. */
function copyPlugins(target) {
  copy("plugins/README.md", path.join(target, "plugins/README.md"));
  for (const name of readdirSync(path.join(root, "plugins"))) {
    const dir = path.join("plugins", name);
    if (!existsSync(path.join(root, dir, "package.json"))) continue;
    if (!existsSync(path.join(root, dir, "dist/index.js"))) throw new Error(`${dir} is not built: run npm run build`);
    for (const item of ["package.json", "README.md", "dist"]) copy(path.join(dir, item), path.join(target, dir, item));
  }
}

/** The example plugin, its @fdo dependencies pointing at ../../packages like a scaffolded plugin's. */
function copyPluginExample(target, packagesDir, tarballs) {
  const source = path.join("examples", PLUGIN_EXAMPLE);
  const destination = path.join(target, source);
  for (const item of ["README.md", "tsconfig.json", "src", "test"]) copy(path.join(source, item), path.join(destination, item));
  const manifest = readJson(path.join(source, "package.json"));
  const files = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, path.join(packagesDir, file)]));
  const fdo = fdoDependencies(files, destination);
  const others = Object.entries(manifest.devDependencies).filter(([name]) => !name.startsWith("@fdo/"));
  writeJson(path.join(destination, "package.json"), { ...manifest, devDependencies: Object.fromEntries([...Object.entries(fdo.devDependencies), ...others]), overrides: fdo.overrides });
}

/**
 * Writes the release folder into `target` (which must not exist) from a built checkout: packs the packages,
 * writes package.json and the production package-lock.json, copies the service, plugins, examples and docs.
 * Returns the release manifest.
 */
export function assembleRelease(target) {
  if (existsSync(target)) throw new Error(`${target} already exists`);
  mkdirSync(target, { recursive: true });
  const packagesDir = path.join(target, "packages");
  const tarballs = packPackages(packagesDir);
  const manifest = releaseManifest(tarballs);
  writeJson(path.join(target, "package.json"), manifest);
  const packed = Object.fromEntries(FROM_PACKAGES.map((name) => [name, { file: path.join(packagesDir, tarballs[name]), manifest: readJson(path.join(WORKSPACE_OF[name], "package.json")) }]));
  writeJson(path.join(target, "package-lock.json"), productionLock({ manifest, rootLock: readJson("package-lock.json"), from: "core", tarballs: packed }));

  copy("README.md", path.join(target, "README.md"));
  // The core's manifest minus what points at its sources: `type` makes dist/ ES modules, `name` is how the sandbox
  // finds ldap/.
  const { name, version, description, license, type } = readJson("core/package.json");
  for (const item of ["dist", "ldap"]) copy(path.join("core", item), path.join(target, "core", item));
  writeJson(path.join(target, "core/package.json"), { name, version, description, license, type });
  writeLaunchers(target);
  copyPlugins(target);
  for (const item of EXAMPLE_FILES) copy(path.join("examples", item), path.join(target, "examples", item));
  copyPluginExample(target, packagesDir, tarballs);
  return manifest;
}
