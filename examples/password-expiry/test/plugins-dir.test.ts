// Installed like any third-party plugin: the package copied into a directory outside the repository, named by
// PLUGINS_DIR. Nothing is resolved from the host's modules: the plugin brings its SDK, bundled or installed.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { build } from "esbuild";
import { CONFIG, PLUGIN_DIR, USERS_LDIF } from "./helpers.js";

/** What `npm pack` ships: package.json, README.md and dist/, copied into `<fresh PLUGINS_DIR>/fdo-plugin-password-expiry`. */
async function installOutsideRepository(t: ExecutionContext): Promise<{ pluginsDir: string; installed: string }> {
  const pluginsDir = await mkdtemp(path.join(tmpdir(), "fdo-plugins-"));
  t.teardown(() => rm(pluginsDir, { recursive: true, force: true }));
  const installed = path.join(pluginsDir, "fdo-plugin-password-expiry");
  for (const item of ["package.json", "README.md", "dist"]) await cp(path.join(PLUGIN_DIR, item), path.join(installed, item), { recursive: true });
  return { pluginsDir, installed };
}

/** The built @fdo/sdk package this test resolves (its package.json and dist/), as `npm install` would lay it out. */
async function installSdkCopy(into: string): Promise<void> {
  const sdkPackage = path.resolve(path.dirname(fileURLToPath(import.meta.resolve("@fdo/sdk"))), "..");
  const target = path.join(into, "node_modules", "@fdo", "sdk");
  for (const item of ["package.json", "dist"]) await cp(path.join(sdkPackage, item), path.join(target, item), { recursive: true });
}

/** The plugin bundled with `@fdo/sdk` left as an import, so it must come from the plugin's own node_modules. */
async function buildAgainstInstalledSdk(installed: string): Promise<void> {
  await build({
    entryPoints: [path.join(PLUGIN_DIR, "src/index.ts")],
    outfile: path.join(installed, "dist/index.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@fdo/sdk"],
    logLevel: "warning",
  });
}

/** A test host whose only plugins are those in `pluginsDir`, stopped after the test. */
async function hostWith(t: ExecutionContext, pluginsDir: string): Promise<TestHost> {
  const host = await startTestHost({ plugins: [], ldif: [USERS_LDIF], config: { ...CONFIG, PLUGINS_DIR: pluginsDir } });
  t.teardown(() => host.stop());
  return host;
}

/** A real run: the six reminders due at the test clock's time are sent. */
async function runsAndSendsReminders(t: ExecutionContext, host: TestHost): Promise<void> {
  const run = await host.request("PATCH", "/api/tasks/passwordExpiry");
  t.is(run.status, 200);
  t.is((await host.smtp.waitForMessages(6)).length, 6);
}

test("the built package loads from a PLUGINS_DIR outside the repository and runs", async (t) => {
  const { pluginsDir, installed } = await installOutsideRepository(t);
  const host = await hostWith(t, pluginsDir);
  t.deepEqual(host.plugins.failed, []);
  t.deepEqual(
    host.plugins.loaded.map((plugin) => [plugin.id, plugin.directory]),
    [["password-expiry", installed]],
  );

  const preview = await host.request("GET", "/api/plugins/password-expiry/preview");
  t.is(preview.status, 200);
  await runsAndSendsReminders(t, host);
});

test("with its own installed copy of @fdo/sdk (not the host's) it loads and runs", async (t) => {
  const { pluginsDir, installed } = await installOutsideRepository(t);
  await buildAgainstInstalledSdk(installed);
  await installSdkCopy(installed);
  const host = await hostWith(t, pluginsDir);
  t.deepEqual(host.plugins.failed, []);
  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["password-expiry"],
  );

  await runsAndSendsReminders(t, host);
});

test("the host supplies no SDK: without its own copy, that build cannot be imported", async (t) => {
  const { pluginsDir, installed } = await installOutsideRepository(t);
  await buildAgainstInstalledSdk(installed);
  const host = await hostWith(t, pluginsDir);
  t.deepEqual(host.plugins.loaded, []);
  t.like(host.plugins.failed, [{ id: "password-expiry", code: "FDO_ERR_PLUGIN_IMPORT_FAILED" }]);
  t.regex(host.plugins.failed[0]?.reason ?? "", /@fdo\/sdk/);
});
