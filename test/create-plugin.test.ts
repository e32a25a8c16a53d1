// The scaffold (sdk/create-fdo-plugin/bin/create-fdo-plugin.mjs) writes a skeleton that builds, loads and works: run into a temp dir,
// bundled with esbuild as its own build script does, loaded by the test host, and its own test passes.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startTestHost } from "@fdo/testing";
import test from "ava";
import { build } from "esbuild";

const run = promisify(execFile);
const SCAFFOLD = path.resolve("sdk/create-fdo-plugin/bin/create-fdo-plugin.mjs");
const SDK_RANGE = `^${(JSON.parse(await readFile("sdk/contract/package.json", "utf8")) as { version: string }).version}`;
// Where the scaffold finds the @fdo tarballs it references (test/create-plugin-packages.test.ts covers how it looks for
// them); nothing is installed from them here: the skeletons use this repository's node_modules.
const PACKAGES = await mkdtemp(path.join(tmpdir(), "fdo-scaffold-packages-"));
for (const tarball of ["fdo-sdk-2.0.0.tgz", "fdo-fusiondirectory-2.0.0.tgz", "fdo-testing-2.0.0.tgz", "fdo-core-0.1.0.tgz"]) await writeFile(path.join(PACKAGES, tarball), "");
test.after.always(() => rm(PACKAGES, { recursive: true, force: true }));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function scaffold(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCAFFOLD, ...args, "--packages", PACKAGES]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fdo-scaffold-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test("the skeleton builds, loads, answers its route and runs its task type through the TaskRunner", async (t) => {
  const dir = path.join(await tempDir(t), "acme-hello");
  const created = await scaffold(dir, "--id", "acme-hello");
  t.is(created.code, 0, created.stderr);
  t.deepEqual(await listFiles(dir), [".gitignore", "README.md", "package.json", "src/index.ts", "test/acme-hello.test.ts", "test/fixtures/tasks.ldif", "tsconfig.json"]);
  const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  t.is(SDK_RANGE, "^2.0.0");
  t.like(manifest, { name: "fdo-plugin-acme-hello", type: "module", fdOrchestrator: { apiVersion: 2, id: "acme-hello", entry: "dist/index.js", sdk: SDK_RANGE } });
  t.is((manifest["devDependencies"] as Record<string, string>)["@fdo/sdk"], `file:${path.relative(dir, path.join(PACKAGES, "fdo-sdk-2.0.0.tgz"))}`);
  // The SDK is bundled into the plugin and the host is not a package the plugin installs.
  t.false("peerDependencies" in manifest);
  t.false("@fdo/core" in (manifest["devDependencies"] as Record<string, string>));
  t.notRegex((manifest["scripts"] as Record<string, string>)["build"] ?? "", /--external/);
  t.like(JSON.parse(await readFile(path.join(dir, "tsconfig.json"), "utf8")), { compilerOptions: { experimentalDecorators: true } });

  // What `npm install` would provide: this repository's @fdo/sdk, bundled into the plugin by its build script.
  await symlink(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
  await build({ entryPoints: [path.join(dir, "src/index.ts")], outfile: path.join(dir, "dist/index.js"), bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  const host = await startTestHost({ plugins: [dir], ldif: [path.join(dir, "test/fixtures/tasks.ldif")], config: { ACME_HELLO_GREETING: "salut" } });
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.failed, []);
  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["acme-hello"],
  );

  t.deepEqual((await host.request("GET", "/api/plugins/acme-hello/hello")).body, { greeting: "salut" });
  t.is((await host.request("GET", "/api/plugins/acme-hello/hello", { auth: false })).status, 401);

  const subtask = "cn=acme-hello-example-SubTask-1,ou=tasks,dc=example,dc=org";
  const dryRun = await host.request("PATCH", "/api/tasks/acmeHello?dryRun=true");
  t.like(dryRun.body, { [subtask]: { dryRun: true, wouldProcess: "uid=alice,ou=people,dc=example,dc=org" } });
  t.is((await host.ldap.read(subtask))?.first("fdTasksGranularStatus"), "1");
  const response = await host.request("PATCH", "/api/tasks/acmeHello");
  t.is(response.status, 200);
  t.like(response.body, { [subtask]: { processed: "uid=alice,ou=people,dc=example,dc=org" }, summary: { eligible: 1, succeeded: 1 } });
  t.is((await host.ldap.read(subtask))?.first("fdTasksGranularStatus"), "2");
});

test("the skeleton's own test passes with its own scripts' tools (esbuild, ava)", async (t) => {
  const dir = path.join(await tempDir(t), "fdo-plugin-greeter");
  t.is((await scaffold(dir)).code, 0); // id from the directory name, prefix dropped
  t.like(JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")), { name: "fdo-plugin-greeter", fdOrchestrator: { id: "greeter" } });
  // What `npm install` would provide: this repository's packages (@fdo/sdk, @fdo/testing, esbuild, ava).
  await symlink(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
  // `npm test` = build + build:tests + ava; the same steps through the node API and CLI.
  await build({ entryPoints: [path.join(dir, "src/index.ts")], outfile: path.join(dir, "dist/index.js"), bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  await build({
    entryPoints: [path.join(dir, "src/index.ts"), path.join(dir, "test/greeter.test.ts")],
    outdir: path.join(dir, "build"),
    outbase: dir,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  const ava = path.resolve("node_modules/ava/entrypoints/cli.mjs");
  const { stdout, stderr } = await run(process.execPath, [ava], { cwd: dir, env: { ...process.env, CI: "1" } }).catch((error: Outcome) => t.fail(`${error.stdout}\n${error.stderr}`) as never);
  t.regex(`${stdout}${stderr}`, /1 test passed/);
});

test("existing files are never overwritten", async (t) => {
  const dir = path.join(await tempDir(t), "acme-hello");
  t.is((await scaffold(dir)).code, 0);
  await writeFile(path.join(dir, "src/index.ts"), "// my work\n");
  const again = await scaffold(dir, "--id", "acme-hello");
  t.is(again.code, 73);
  t.regex(again.stderr, /refusing to overwrite package\.json, tsconfig\.json, src\/index\.ts/);
  t.is(await readFile(path.join(dir, "src/index.ts"), "utf8"), "// my work\n");
});

test("ids are validated, and the host's own task types are refused", async (t) => {
  const parent = await tempDir(t);
  for (const id of ["Acme", "acme_hello", "9lives", "acme-", "-acme", "acme--hello"]) {
    const outcome = await scaffold(path.join(parent, "x"), "--id", id);
    t.is(outcome.code, 64, id);
    t.regex(outcome.stderr, /is not a valid plugin id: use kebab-case/);
  }
  t.regex((await scaffold(path.join(parent, "fdo-plugin-mail"))).stderr, /already served by the orchestrator/);
  t.is((await scaffold()).code, 64);
  t.deepEqual(await readdir(parent), []);
});
