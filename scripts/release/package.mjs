// `npm run package`: release/fusiondirectory-orchestrator-<version>.tgz, one top folder holding the built service and
// plugins, production node_modules only (npm ci --omit=dev on a lock derived from the repository's), bin/, examples/
// and packages/. Extracted anywhere, `bin/fusiondirectory-orchestrator --config FILE` runs: no npm, no build.
// The archive is reproducible: entries sorted, owned by root, dated by SOURCE_DATE_EPOCH (default: the last commit).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assembleRelease, releaseName } from "./layout.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Development tools that must never reach the release's node_modules. */
const DEV_ONLY = ["esbuild", "typescript", "ava", "@ava", "@types", "@esbuild"];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  return result;
}

function sourceDateEpoch() {
  if (process.env["SOURCE_DATE_EPOCH"] !== undefined) return process.env["SOURCE_DATE_EPOCH"];
  const git = spawnSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" });
  return git.status === 0 && git.stdout.trim() !== "" ? git.stdout.trim() : String(Math.floor(Date.now() / 1000));
}

/** A clean build: bundles left by earlier builds (code-split chunks have hashed names) would ship otherwise. */
function cleanBuild() {
  rmSync(path.join(root, "core/dist"), { recursive: true, force: true });
  for (const plugin of readdirSync(path.join(root, "plugins"), { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    rmSync(path.join(root, "plugins", plugin.name, "dist"), { recursive: true, force: true });
  }
  run(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root });
}

function installProduction(folder) {
  run("npm", ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: folder });
  const installed = readdirSync(path.join(folder, "node_modules"));
  const leaked = DEV_ONLY.filter((name) => installed.includes(name));
  if (leaked.length > 0) throw new Error(`development packages in the release's node_modules: ${leaked.join(", ")}`);
}

function archive(stage, name, output) {
  const tar = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", `--mtime=@${sourceDateEpoch()}`, "--mode=u+rwX,go+rX,go-w", "-C", stage, "-cf", "-", name];
  const tarred = spawnSync("tar", tar, { maxBuffer: 1 << 30 });
  if (tarred.status !== 0) throw new Error(`tar failed: ${tarred.stderr}`);
  const gzip = spawnSync("gzip", ["-n", "-9"], { input: tarred.stdout, maxBuffer: 1 << 30 });
  if (gzip.status !== 0) throw new Error(`gzip failed: ${gzip.stderr}`);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, gzip.stdout);
}

const name = releaseName();
const output = path.join(root, "release", `${name}.tgz`);
const stage = mkdtempSync(path.join(os.tmpdir(), "fdo-release-"));
try {
  cleanBuild();
  assembleRelease(path.join(stage, name));
  installProduction(path.join(stage, name));
  archive(stage, name, output);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`${path.relative(process.cwd(), output)} (${(statSync(output).size / 1024 / 1024).toFixed(1)} MiB)`);
