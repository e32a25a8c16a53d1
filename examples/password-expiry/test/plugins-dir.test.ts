// Installed like any third-party plugin: the built package copied into a directory outside the repository, named by
// PLUGINS_DIR. Nothing resolves @fdo/sdk from there; the host supplies it.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { startTestHost } from "@fdo/sdk/testing";
import { CONFIG, PLUGIN_DIR, USERS_LDIF } from "./helpers.js";

test("the built package loads from a PLUGINS_DIR outside the repository and runs", async (t) => {
  const pluginsDir = await mkdtemp(path.join(tmpdir(), "fdo-plugins-"));
  t.teardown(() => rm(pluginsDir, { recursive: true, force: true }));
  const installed = path.join(pluginsDir, "fdo-plugin-password-expiry");
  // What `npm pack` ships: package.json, README.md and dist/.
  for (const item of ["package.json", "README.md", "dist"]) await cp(path.join(PLUGIN_DIR, item), path.join(installed, item), { recursive: true });

  const host = await startTestHost({ plugins: [], ldif: [USERS_LDIF], config: { ...CONFIG, PLUGINS_DIR: pluginsDir } });
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.failed, []);
  t.deepEqual(host.plugins.loaded.map((plugin) => [plugin.id, plugin.directory]), [["password-expiry", installed]]);

  const preview = await host.request("GET", "/api/plugins/password-expiry/preview");
  t.is(preview.status, 200);
  const run = await host.request("PATCH", "/api/tasks/passwordExpiry");
  t.is(run.status, 200);
  t.is((await host.smtp.waitForMessages(6)).length, 6);
});
