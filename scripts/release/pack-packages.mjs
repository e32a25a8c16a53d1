// `npm pack` of every package a plugin author installs: @fdo/sdk, @fdo/fusiondirectory, @fdo/testing, @fdo/core (the
// host @fdo/testing starts) and create-fdo-plugin. None of them is on the public registry, so plugins reference these
// tarballs with `file:` (see sdk/create-fdo-plugin/lib/sdk-packages.mjs). Run on its own
// (`node scripts/release/pack-packages.mjs [dir]`) it builds first and packs into release/packages/.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Workspace directories packed as they are: their `files` lists say what ships. */
const AS_IS = ["sdk/contract", "sdk/fusiondirectory", "sdk/testing", "sdk/create-fdo-plugin"];
/** What @fdo/core ships: the bundle, the sandbox's schema and seed data, the binaries. Never its sources or tests. */
const CORE_FILES = ["dist", "ldap", "bin"];

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** One `npm pack` for every directory (npm starts once); resolves with the tarball names, in the same order. */
function npmPack(directories, destination) {
  const packed = spawnSync("npm", ["pack", ...directories, "--pack-destination", destination, "--ignore-scripts", "--json"], { encoding: "utf8" });
  if (packed.status !== 0) throw new Error(`npm pack ${directories.join(" ")} failed:\n${packed.stderr}`);
  return JSON.parse(packed.stdout).map((tarball) => tarball.filename);
}

/**
 * A copy of @fdo/core to pack: in the repository its `types` point at its TypeScript sources, which do not ship, so
 * the packed manifest leaves them out (consumers see it untyped, as the test kit's declarations only re-export it).
 */
function stageCore(staging) {
  const manifest = readJson(path.join(root, "core/package.json"));
  const { types: _sources, ...runtime } = manifest.exports["."];
  writeFileSync(path.join(staging, "package.json"), `${JSON.stringify({ ...manifest, files: CORE_FILES, exports: { ...manifest.exports, ".": runtime } }, null, 2)}\n`);
  for (const item of CORE_FILES) cpSync(path.join(root, "core", item), path.join(staging, item), { recursive: true });
}

/**
 * Packs the already built packages into `destination` (created; earlier tarballs of other versions are left alone).
 * Returns the tarball file names, keyed by package name.
 */
export function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  const staging = mkdtempSync(path.join(os.tmpdir(), "fdo-pack-core-"));
  try {
    stageCore(staging);
    const directories = [...AS_IS.map((dir) => path.join(root, dir)), staging];
    const names = [...AS_IS.map((dir) => readJson(path.join(root, dir, "package.json")).name), "@fdo/core"];
    const files = npmPack(directories, destination);
    return Object.fromEntries(names.map((name, index) => [name, files[index]]));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const destination = path.resolve(process.argv[2] ?? path.join(root, "release/packages"));
  const build = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  packPackages(destination);
  process.stdout.write(`${destination}\n`);
}
