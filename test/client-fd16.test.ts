// The FD 1.6 client flags end to end: the real client binary against a host with the archive, extractor and
// automatic groups plugins on a real slapd, the FusionDirectory REST stand-in and an SMTP sink.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fakeFusionDirectoryConfig, startFakeFusionDirectory, startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { authConfig, ORCHESTRATOR_PASSWORD } from "./support/auth.js";
import { archiveCalls, archiveLikeFusionDirectory } from "./support/fd-archive-stand-in.js";
import { collect } from "./support/run-cli.js";

const CLIENT = path.resolve("core/bin/fusiondirectory-orchestrator-client.js");
const PLUGINS = ["archive", "extractor", "automatic-groups"].map((id) => path.resolve("plugins", id));
const LDIF = [
  "test/fixtures/fd16-directory.ldif",
  "test/archive-plugin/archive-fixtures.ldif",
  "test/extractor-plugin/extractor-fixtures.ldif",
  "test/automatic-groups-plugin/automatic-groups-fixtures.ldif",
].map((file) => path.resolve(file));

test("--archive, --extractor PATH and --automatic-groups TYPE send upstream's calls and bodies, in order, and do the work", async (t) => {
  const work = await mkdtemp(path.join(tmpdir(), "fdo-client-fd16-"));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const exports = path.join(work, "exports");
  await mkdir(exports);
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  let started: TestHost | undefined; // the stand-in starts first: the host's configuration names it
  archiveLikeFusionDirectory(fake, () => started?.ldap);
  started = await startTestHost({ plugins: PLUGINS, ldif: LDIF, now: "2026-11-28T10:00:00Z", config: authConfig({ EXTRACTOR_DIR: exports, ...fakeFusionDirectoryConfig(fake) }) });
  const host = started;
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.loaded.map((plugin) => plugin.id).sort(), ["archive", "automatic-groups", "extractor"]);

  const conf = path.join(work, "client.conf");
  await writeFile(conf, `ORCHESTRATOR_API_URL="${host.url}"\nORCHESTRATOR_LOGIN="orchestrator"\nORCHESTRATOR_PASSWORD="${ORCHESTRATOR_PASSWORD}"\n`, { mode: 0o600 });
  const team = path.join(exports, "team");
  const child = spawn(process.execPath, [CLIENT, "--archive", "--extractor", team, "--automatic-groups", "dynamic-group", "--json", "--config", conf], { env: { PATH: process.env["PATH"] ?? "" } });
  const result = await collect(child, 60000);
  t.is(result.code, 2, result.stderr); // partial: some fixture subtasks fail on purpose (a missing user, a broken task)
  const documents = result.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.deepEqual(
    documents.map((document) => [document["option"], document["method"], document["path"], document["status"]]),
    [
      ["--archive", "PATCH", "/api/tasks/archive", 200],
      ["--extractor", "PATCH", "/api/tasks/extractor", 200],
      ["--automatic-groups", "PATCH", "/api/tasks/automaticGroups", 200],
    ],
  );
  // The bodies reached the plugins: the CSV went under PATH, the dynamic groups were created (not a membership sync).
  t.true(archiveCalls(fake).includes("uid=f16-ann,ou=people,dc=example,dc=org"));
  const written = (await readdir(team)).filter((name) => name.endsWith(".csv"));
  t.true(written.length > 0);
  t.not(await host.ldap.read("cn=dynamic-compte-i-supannexpire,ou=groups,dc=example,dc=org", ["cn"]), null);
  const membership = await host.ldap.read("cn=f16-auto-expired-SubTask-1795780803_9701,ou=tasks,dc=example,dc=org", ["fdTasksGranularStatus"]);
  t.is(membership?.first("fdTasksGranularStatus"), "1", "membership subtasks were not run");
});
