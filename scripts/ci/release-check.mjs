// CI: the release archive as an admin and a plugin author outside the repository use it. Builds it (npm run package),
// unpacks it into an empty directory, scaffolds a plugin with the archive's create-fdo-plugin (its @fdo dependencies
// are the archive's packages/), runs the plugin's `npm install`, `npm test`, `npm run build` and its typecheck,
// installs the built plugin in a PLUGINS_DIR, and starts the unpacked service against a throwaway slapd with a config
// file: ready, login, the plugin's task type and the built-in mail task. Loopback only; every step is time-bounded; everything it
// created (temp directory, slapd, processes) is removed, pass or fail.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { probeLdif, smokeTest } from "../release/smoke-test.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PLUGIN_ID = "release-probe";
const PLUGIN_SEGMENT = "releaseProbe";
const STEP_TIMEOUT_MS = 10 * 60_000;
const started = Date.now();

function step(title, command, args, cwd) {
  const begun = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: STEP_TIMEOUT_MS, env: { ...process.env, CI: "1" } });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}\n`);
    throw new Error(`${title} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
  console.log(`release-check: ${title} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
  return result.stdout;
}

const { name, version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const work = mkdtempSync(path.join(os.tmpdir(), "fdo-release-check-"));
try {
  step("npm run package", process.execPath, [path.join(root, "scripts/release/package.mjs")], root);
  const unpacked = path.join(work, "unpacked");
  mkdirSync(unpacked);
  step("unpack the archive", "tar", ["-xzf", path.join(root, "release", `${name}-${version}.tgz`), "-C", unpacked], work);
  const release = path.join(unpacked, `${name}-${version}`);

  const plugin = path.join(work, `fdo-plugin-${PLUGIN_ID}`);
  step("scaffold a plugin with the archive's create-fdo-plugin", path.join(release, "bin/create-fdo-plugin"), [plugin], work);
  const manifest = JSON.parse(readFileSync(path.join(plugin, "package.json"), "utf8"));
  const bare = Object.entries(manifest.devDependencies).filter(([dependency, spec]) => dependency.startsWith("@fdo/") && !spec.startsWith("file:"));
  if (bare.length > 0) throw new Error(`the scaffold left registry references: ${JSON.stringify(bare)}`);
  step("plugin: npm install", "npm", ["install", "--no-audit", "--no-fund"], plugin);
  step("plugin: npm test", "npm", ["test"], plugin);
  step("plugin: npm run build", "npm", ["run", "build"], plugin);
  step("plugin: npm run typecheck (the packed .d.ts files)", "npm", ["run", "typecheck"], plugin);

  // Installed as its README says: package.json, README.md and dist/ in a sub-directory of PLUGINS_DIR.
  const pluginsDir = path.join(work, "plugins");
  for (const item of ["package.json", "README.md", "dist"]) cpSync(path.join(plugin, item), path.join(pluginsDir, PLUGIN_ID, item), { recursive: true });
  const ldif = path.join(work, "probe.ldif");
  writeFileSync(ldif, probeLdif(PLUGIN_SEGMENT));
  const seen = await smokeTest({ release, workDir: work, pluginsDir, ldif: [ldif], taskType: PLUGIN_SEGMENT });
  console.log(`release-check: the unpacked release served ${seen.url}: ready, login, ${PLUGIN_SEGMENT} (${seen.pluginSubtasks} subtask done), mail (${seen.mailsSent} sent), SIGTERM exit 0`);
  console.log(`release-check: ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`release-check: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
