import test from "ava";
import { loadConfig } from "@fdo/core";

test("the example configuration file is valid as shipped", async (t) => {
  const loaded = await loadConfig({ file: "examples/config/orchestrator.conf", env: {} });
  t.is(loaded.core.httpBasePath, "/orchestrator");
  t.is(loaded.core.mailSecurity, "starttls");
  t.deepEqual(loaded.warnings, []);
});
