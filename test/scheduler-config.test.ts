import { writeFile } from "node:fs/promises";
import path from "node:path";
import test from "ava";
import { TEST_SECRET } from "./support/host-config.js";
import { runCli } from "./support/run-cli.js";
import { scratchDir, type Teardown } from "./support/scratch-dir.js";

async function confWith(t: Teardown, extra: Record<string, string>): Promise<string> {
  const file = path.join(await scratchDir(t, "fdo-schedule"), "orchestrator.conf");
  const lines = {
    LDAP_URI: "ldap://127.0.0.1:1",
    LDAP_BASE: "dc=example,dc=org",
    LDAP_BIND_DN: "cn=fdo-service,ou=services,dc=example,dc=org",
    LDAP_PASSWORD: "bind-password-never-printed",
    SECRET_KEY: TEST_SECRET,
    HTTP_PORT: "0",
    PLUGINS_BUILTIN: "FALSE",
    PLUGINS_DIR: path.resolve("plugins"),
    PLUGINS_ENABLED: "mail",
    ...extra,
  };
  await writeFile(
    file,
    Object.entries(lines)
      .map(([key, value]) => `${key}="${value}"`)
      .join("\n"),
  );
  return file;
}

for (const [what, extra, named] of [
  ["a SCHEDULE_ key for a segment no plugin serves", { SCHEDULE_NOTHERE: "0 3 * * *" }, "SCHEDULE_NOTHERE"],
  ["an invalid cron expression", { SCHEDULE_MAIL: "61 * * * *" }, "SCHEDULE_MAIL"],
  ["a cron expression of 7 fields", { SCHEDULE_MAIL: "0 0 3 * * * 2027" }, "SCHEDULE_MAIL"],
  ["an unknown SCHEDULER_TIMEZONE", { SCHEDULE_MAIL: "0 3 * * *", SCHEDULER_TIMEZONE: "Mars/Olympus" }, "SCHEDULER_TIMEZONE"],
] as const) {
  test(`${what}: the service exits 78 naming the key`, async (t) => {
    const result = await runCli(["--config", await confWith(t, extra)], {}, 60_000);
    t.is(result.code, 78);
    t.regex(result.stderr, /FDO_ERR_CONFIG_INVALID/);
    t.true(result.stderr.includes(named), result.stderr);
  });
}

test("SCHEDULE_ keys of served segments (maintenance included) are valid and raise no unknown-key warning", async (t) => {
  const result = await runCli(
    ["check-config", "--config", await confWith(t, { SCHEDULE_MAIL: "*/10 * * * *", SCHEDULE_REMOVESUBTASKS: "0 0 4 * * *", SCHEDULER_TIMEZONE: "Europe/Paris" })],
    {},
    60_000,
  );
  t.is(result.code, 0, result.stderr);
  t.false(result.stdout.includes("SCHEDULE_"), result.stdout);
});
