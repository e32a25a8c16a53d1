import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import test from "ava";
import { confFile, minimalConfFile } from "./support/host-config.js";
import { pluginsOutsideRepo } from "./support/plugin-fixtures.js";
import { collect, runCli, startCli, untilListening } from "./support/run-cli.js";
import { scratchDir } from "./support/scratch-dir.js";

const validConf = minimalConfFile;

test("an invalid configuration exits 78, naming every bad key and no secret", async (t) => {
  const file = await confFile(t, { LDAP_URI: "http://x", LDAP_PASSWORD: "hunter2-secret", SECRET_KEY: "too-short-secret", HTTP_PORT: "-1" });
  const result = await runCli(["--config", file]);
  t.is(result.code, 78);
  for (const key of ["LDAP_URI", "LDAP_BASE", "LDAP_BIND_DN", "SECRET_KEY", "HTTP_PORT"]) t.regex(result.stderr, new RegExp(key));
  t.regex(result.stderr, /FDO_ERR_CONFIG_INVALID: 5 problem\(s\)/);
  t.false(result.stderr.includes("hunter2-secret"));
  t.false(result.stderr.includes("too-short-secret"));
  t.is(result.stdout, "");
});

test("a missing configuration file exits 78 with its name", async (t) => {
  const result = await runCli(["--config", "/nonexistent/orchestrator.conf"]);
  t.is(result.code, 78);
  t.regex(result.stderr, /FDO_ERR_CONFIG_FILE_UNREADABLE.*\/nonexistent\/orchestrator\.conf/);
});

test("a usage error exits 64 with the usage text", async (t) => {
  const result = await runCli(["--bogus"]);
  t.is(result.code, 64);
  t.regex(result.stderr, /unexpected argument --bogus/);
  t.regex(result.stderr, /usage: fusiondirectory-orchestrator/);
});

test("check-config lists loaded and failed plugins and exits 78 when one failed", async (t) => {
  const result = await runCli(["check-config", "--config", await validConf(t, { PLUGINS_DIR: await pluginsOutsideRepo(t, ["echo", "throwing-init"]) })]);
  t.is(result.code, 78);
  t.regex(result.stdout, /plugin echo 1\.2\.3: loaded \(\/api\/tasks\/echo\)/);
  t.regex(result.stdout, /plugin throwing-init: FAILED FDO_ERR_PLUGIN_INIT_FAILED: .*cannot reach the moon/);
});

test("check-config names a plugin refused for an unknown dependency and exits 78; the others load", async (t) => {
  const result = await runCli(["check-config", "--config", await validConf(t, { PLUGINS_DIR: await pluginsOutsideRepo(t, ["echo", "unknown-dependency"]) })]);
  t.is(result.code, 78);
  t.regex(result.stdout, /plugin echo 1\.2\.3: loaded/);
  t.regex(result.stdout, /plugin unknown-dependency: FAILED FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN: .*task type hooks: deps\.webhooks needs the service "fdo\.webhooks"/);
});

test("check-config exits 0 when everything loads", async (t) => {
  const result = await runCli(["check-config", "--config", await validConf(t, { PLUGINS_DIR: await pluginsOutsideRepo(t, ["echo"]) })]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /: valid/);
});

test("the service starts, answers, and stops cleanly on SIGTERM, running plugin stop hooks", async (t) => {
  const marker = path.join(await scratchDir(t, "fdo-sigterm"), "stopped");
  const child = startCli(["--config", await validConf(t, { PLUGINS_DIR: await pluginsOutsideRepo(t, ["echo"]), ECHO_STOP_MARKER: marker })]);
  t.teardown(() => child.kill("SIGKILL"));
  const { url, output } = await untilListening(child);
  t.is((await fetch(`${url}/health/live`)).status, 200);
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  child.kill("SIGTERM");
  t.is(await exited, 0);
  t.true(existsSync(marker));
  t.is(readFileSync(marker, "utf8"), "stopped");
  t.false(output().includes("bind-password-never-printed"));
});

test("both binaries print the installed version", async (t) => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  const server = await runCli(["--version"]);
  t.is(server.code, 0);
  t.is(server.stdout.trim(), `fusiondirectory-orchestrator ${version}`);
  const client = await collect(spawn(process.execPath, [path.resolve("core/bin/fusiondirectory-orchestrator-client.js"), "--version"], { env: { PATH: process.env["PATH"] ?? "" } }));
  t.is(client.code, 0);
  t.is(client.stdout.trim(), `fusiondirectory-orchestrator-client ${version}`);
});
