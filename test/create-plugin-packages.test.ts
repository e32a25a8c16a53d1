// Where a scaffolded plugin gets @fdo/sdk, @fdo/fusiondirectory, @fdo/testing and @fdo/core: `file:` references to
// the release's tarballs, never a registry name (none of them is published). --packages names the directory; without
// it, the packages/ of the release archive the scaffold was installed in, else ./packages.
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import test from "ava";
import { scratchDir } from "./support/scratch-dir.js";

const run = promisify(execFile);
const TARBALLS = ["fdo-sdk-2.0.0.tgz", "fdo-fusiondirectory-2.0.0.tgz", "fdo-testing-2.0.0.tgz", "fdo-core-0.1.0.tgz"];

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A packages/ directory; the scaffold only references the tarballs, so their content does not matter here. */
async function packagesDir(parent: string, names: readonly string[] = TARBALLS): Promise<string> {
  const dir = path.join(parent, "packages");
  await mkdir(dir, { recursive: true });
  for (const name of names) await writeFile(path.join(dir, name), "");
  return dir;
}

/** The scaffold package as npm installs it (bin/, lib/, package.json) under `where`. */
async function installScaffold(where: string): Promise<string> {
  for (const item of ["bin", "lib", "package.json"]) await cp(path.resolve("sdk/create-fdo-plugin", item), path.join(where, item), { recursive: true });
  return path.join(where, "bin/create-fdo-plugin.mjs");
}

async function scaffold(bin: string, args: readonly string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Outcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const manifestOf = async (dir: string) => JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as { devDependencies: Record<string, string>; overrides: Record<string, string> };

test("--packages: every @fdo package is a file: reference to its tarball, and overrides pin @fdo/core and the rest to them", async (t) => {
  const parent = await scratchDir(t, "fdo-scaffold-packages");
  const packages = await packagesDir(path.join(parent, "release"));
  const bin = await installScaffold(path.join(parent, "elsewhere/create-fdo-plugin"));
  const outcome = await scaffold(bin, ["plugins/fdo-plugin-hello", "--packages", "release/packages"], parent);
  t.is(outcome.code, 0, outcome.stderr);
  const plugin = path.join(parent, "plugins/fdo-plugin-hello");
  const { devDependencies, overrides } = await manifestOf(plugin);
  t.like(devDependencies, {
    "@fdo/fusiondirectory": "file:../../release/packages/fdo-fusiondirectory-2.0.0.tgz",
    "@fdo/sdk": "file:../../release/packages/fdo-sdk-2.0.0.tgz",
    "@fdo/testing": "file:../../release/packages/fdo-testing-2.0.0.tgz",
  });
  t.deepEqual(overrides, { "@fdo/fusiondirectory": "$@fdo/fusiondirectory", "@fdo/sdk": "$@fdo/sdk", "@fdo/testing": "$@fdo/testing", "@fdo/core": "file:../../release/packages/fdo-core-0.1.0.tgz" });
  for (const spec of [...Object.values(devDependencies), ...Object.values(overrides)].filter((value) => value.startsWith("file:"))) {
    t.true(TARBALLS.includes(path.basename(spec)) && path.resolve(plugin, spec.slice("file:".length)).startsWith(packages), spec);
  }
  t.regex(outcome.stdout, new RegExp(`@fdo packages: ${packages}`));
});

test("installed in a release's node_modules, it uses that release's packages/ from any working directory", async (t) => {
  const parent = await scratchDir(t, "fdo-scaffold-packages");
  const release = path.join(parent, "fusiondirectory-orchestrator-9.9.9");
  await packagesDir(release);
  const bin = await installScaffold(path.join(release, "node_modules/create-fdo-plugin"));
  const outcome = await scaffold(bin, [path.join(parent, "work/my-plugin")], tmpdir());
  t.is(outcome.code, 0, outcome.stderr);
  t.is((await manifestOf(path.join(parent, "work/my-plugin"))).devDependencies["@fdo/sdk"], "file:../../fusiondirectory-orchestrator-9.9.9/packages/fdo-sdk-2.0.0.tgz");
});

test("run from elsewhere (npx ./packages/create-fdo-plugin-<version>.tgz), it uses ./packages", async (t) => {
  const parent = await scratchDir(t, "fdo-scaffold-packages");
  const release = path.join(parent, "release");
  await packagesDir(release);
  const bin = await installScaffold(path.join(parent, "npx-cache/create-fdo-plugin"));
  const outcome = await scaffold(bin, ["../my-plugin"], release);
  t.is(outcome.code, 0, outcome.stderr);
  t.is((await manifestOf(path.join(parent, "my-plugin"))).devDependencies["@fdo/testing"], "file:../release/packages/fdo-testing-2.0.0.tgz");
});

test("without the tarballs it writes nothing and says what is missing (exit 66)", async (t) => {
  const parent = await scratchDir(t, "fdo-scaffold-packages");
  const bin = await installScaffold(path.join(parent, "npx-cache/create-fdo-plugin"));
  const nowhere = await scaffold(bin, ["my-plugin"], parent);
  t.is(nowhere.code, 66);
  t.regex(nowhere.stderr, /cannot find the @fdo package tarballs: pass --packages <dir>, the packages\/ directory of the orchestrator's release archive/);

  const partial = await packagesDir(path.join(parent, "partial"), ["fdo-sdk-2.0.0.tgz", "fdo-testing-1.0.0.tgz"]);
  const incomplete = await scaffold(bin, ["my-plugin", "--packages", partial], parent);
  t.is(incomplete.code, 66);
  t.is(incomplete.stderr, `create-fdo-plugin: ${partial} lacks fdo-fusiondirectory-2.0.0.tgz, fdo-testing-2.0.0.tgz, fdo-core-<version>.tgz\n`);
  t.is((await scaffold(bin, ["my-plugin", "--packages", path.join(parent, "none")], parent)).code, 66);
  t.false((await readdir(parent)).includes("my-plugin"));
});
