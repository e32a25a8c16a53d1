import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createHost } from "@fdo/core";
import { services } from "@fdo/sdk";
import { memoryLogger } from "@fdo/testing";
import test from "ava";
import { testConfig } from "./support/host-config.js";
import { ALL_FIXTURE_PLUGINS, pluginsOutsideRepo } from "./support/plugin-fixtures.js";
import { scratchDir } from "./support/scratch-dir.js";

const frozen = new Date("2026-11-28T10:00:00Z");
const clock = { now: () => frozen };

test("plugins outside the repository load; broken ones are reported with their code and skipped", async (t) => {
  const dir = await pluginsOutsideRepo(t);
  const marker = path.join(await scratchDir(t, "fdo-marker"), "imported");
  process.env["FUTURE_SDK_IMPORTED_MARKER"] = marker;
  const { logger, lines } = memoryLogger();
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir }), logger, clock });
  t.teardown(() => host.stop());

  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["echo"],
  );
  const failures = Object.fromEntries(host.plugins.failed.map((failure) => [failure.id, failure.code]));
  t.deepEqual(failures, {
    "bad-manifest": "FDO_ERR_PLUGIN_MANIFEST_INVALID",
    "echo-duplicate": "FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE",
    "future-sdk": "FDO_ERR_PLUGIN_SDK_INCOMPATIBLE",
    "throwing-import": "FDO_ERR_PLUGIN_IMPORT_FAILED",
    "throwing-init": "FDO_ERR_PLUGIN_INIT_FAILED",
  });
  t.regex(host.plugins.failed.find((failure) => failure.id === "throwing-init")?.reason ?? "", /cannot reach the moon/);
  t.false(existsSync(marker), "an incompatible plugin is refused before its code runs");
  t.is(host.registry.find("ECHO")?.pluginId, "echo");
  t.is(host.registry.findByGranularType("Echo Object")?.pluginId, "echo");
  t.is(host.registry.find("neverRegistered"), undefined, "a plugin whose init failed registers nothing");
  const logged = lines()
    .filter((line) => line["msg"] === "plugin not loaded")
    .map((line) => line["plugin"]);
  t.deepEqual(logged.sort(), ["bad-manifest", "echo-duplicate", "future-sdk", "throwing-import", "throwing-init"]);
});

test("a plugin bundled on its own gets the core's services through DI", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo"]);
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, ECHO_GREETING: "bonjour" }), logger: memoryLogger().logger, clock });
  t.teardown(() => host.stop());
  const echo = host.registry.find("echo");
  if (echo === undefined) return t.fail("echo not registered");
  const controller = new AbortController();
  const result = await echo.run({ segment: "echo", granularTypes: ["echo"], dryRun: false, body: { x: 1 }, signal: controller.signal, requestId: "r1" });
  t.deepEqual(result.detail, { greeting: "bonjour", now: "2026-11-28T10:00:00.000Z", base: "dc=example,dc=org", body: { x: 1 } });
});

test("a plugin declaring an unknown or misspelt service is refused at load, before its init, naming it; the others load", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo", "unknown-dependency", "misspelt-dependency"]);
  const marker = path.join(await scratchDir(t, "fdo-marker"), "initialised");
  process.env["UNKNOWN_DEPENDENCY_INIT_MARKER"] = marker;
  const { logger, lines } = memoryLogger();
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir }), logger, clock });
  t.teardown(() => host.stop());

  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["echo"],
  );
  const failure = (id: string) => host.plugins.failed.find((failed) => failed.id === id);
  t.is(failure("unknown-dependency")?.code, "FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN");
  t.is(failure("unknown-dependency")?.reason, 'unknown-dependency: task type hooks: deps.webhooks needs the service "fdo.webhooks", which this host does not offer');
  t.is(failure("misspelt-dependency")?.code, "FDO_ERR_PLUGIN_DEPENDENCY_INVALID");
  t.regex(failure("misspelt-dependency")?.reason ?? "", /^misspelt-dependency: route GET \/now: deps\.clock is not a service reference/);
  t.false(existsSync(marker), "refused before its init ran");
  t.is(host.registry.find("hooks"), undefined);
  t.deepEqual(
    lines()
      .filter((line) => line["msg"] === "plugin not loaded")
      .map((line) => line["code"])
      .sort(),
    ["FDO_ERR_PLUGIN_DEPENDENCY_INVALID", "FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN"],
  );
});

test("strict mode aborts start-up on a plugin with an unknown dependency", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo", "unknown-dependency"]);
  const error = await t.throwsAsync(createHost({ config: await testConfig({ PLUGINS_DIR: dir, PLUGINS_STRICT: "TRUE" }), logger: memoryLogger().logger }));
  t.is((error as { code?: string }).code, "FDO_ERR_PLUGIN_LOAD_ABORTED");
  t.like((error as { details?: unknown }).details, { plugin: "unknown-dependency", code: "FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN" });
});

test("routes and lifecycle hooks receive their declared services, the configuration typed by its schema", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo"]);
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, ECHO_GREETING: "hola" }), logger: memoryLogger().logger, clock });
  t.teardown(() => host.stop());
  const info = host.plugins.loaded[0]?.routes.find((route) => route.definition.path === "/info");
  const request = { method: "GET", params: {}, query: { q: "1" }, body: undefined, headers: {}, requestId: "r", signal: new AbortController().signal };
  t.deepEqual((await info?.handle(request))?.body, { greeting: "hola", now: "2026-11-28T10:00:00.000Z", query: { q: "1" } });
});

test("disabled plugins are not loaded, and the segment they held is free for another", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo", "echo-duplicate"]);
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, PLUGINS_DISABLED: "echo" }), logger: memoryLogger().logger });
  t.teardown(() => host.stop());
  t.deepEqual(
    host.plugins.skipped.map((skip) => [skip.id, skip.reason]),
    [["echo", "disabled"]],
  );
  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["echo-duplicate"],
  );
  t.is(host.registry.find("echo")?.pluginId, "echo-duplicate");
});

test("PLUGINS_ENABLED loads only the plugins it names (an unreadable manifest is still reported)", async (t) => {
  const dir = await pluginsOutsideRepo(t);
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, PLUGINS_ENABLED: "echo" }), logger: memoryLogger().logger });
  t.teardown(() => host.stop());
  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["echo"],
  );
  t.deepEqual(
    host.plugins.failed.map((failure) => failure.id),
    ["bad-manifest"],
  );
  t.deepEqual(
    host.plugins.skipped.map((skip) => [skip.id, skip.reason]),
    [
      ["echo-duplicate", "not enabled"],
      ["future-sdk", "not enabled"],
      ["throwing-import", "not enabled"],
      ["throwing-init", "not enabled"],
    ],
  );
});

test("an invalid plugin configuration value that reaches the loader rejects that plugin, naming the key", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo"]);
  // loadConfig refuses it first (see load-config tests); a host built from hand-made configuration still checks.
  const config = await testConfig({ PLUGINS_DIR: dir });
  const host = await createHost({ config: { ...config, raw: { ...config.raw, ECHO_REPEAT: "9" } }, logger: memoryLogger().logger });
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.loaded, []);
  t.is(host.plugins.failed[0]?.code, "FDO_ERR_PLUGIN_CONFIG_INVALID");
  t.regex(host.plugins.failed[0]?.reason ?? "", /ECHO_REPEAT must be at most 5/);
});

test("strict mode aborts start-up at the first broken plugin", async (t) => {
  const dir = await pluginsOutsideRepo(t, ALL_FIXTURE_PLUGINS);
  const error = await t.throwsAsync(createHost({ config: await testConfig({ PLUGINS_DIR: dir, PLUGINS_STRICT: "TRUE" }), logger: memoryLogger().logger }));
  t.is((error as { code?: string }).code, "FDO_ERR_PLUGIN_LOAD_ABORTED");
  t.regex(error?.message ?? "", /bad-manifest/);
});

test("stop hooks run when the host stops", async (t) => {
  const dir = await pluginsOutsideRepo(t, ["echo"]);
  const marker = path.join(await scratchDir(t, "fdo-stop"), "stopped");
  const host = await createHost({ config: await testConfig({ PLUGINS_DIR: dir, ECHO_STOP_MARKER: marker }), logger: memoryLogger().logger });
  await host.listen();
  t.false(existsSync(marker));
  await host.stop();
  t.is(readFileSync(marker, "utf8"), "stopped");
});

test("the FusionDirectory client is always a service; unconfigured, its calls name what to configure", async (t) => {
  const host = await createHost({ config: await testConfig(), logger: memoryLogger().logger });
  t.teardown(() => host.stop());
  const client = host.resolve(services.fusionDirectory);
  const error = await t.throwsAsync(client.call({ method: "GET", path: "/objects/user" }));
  t.is((error as { code?: string }).code, "FDO_ERR_FD_NOT_CONFIGURED");
  t.regex(error?.message ?? "", /FUSIONDIRECTORY_WEBSERVICE_URL/);
});
