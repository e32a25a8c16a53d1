import path from "node:path";
import test from "ava";
import { minimalConfFile } from "./support/host-config.js";
import { runCli } from "./support/run-cli.js";
import type { Teardown } from "./support/scratch-dir.js";

/** The mail plugin only, from the built-in plugins' folder. */
const confWith = (t: Teardown, extra: Record<string, string>): Promise<string> => minimalConfFile(t, { PLUGINS_DIR: path.resolve("plugins"), PLUGINS_ENABLED: "mail", ...extra });

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
