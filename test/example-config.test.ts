import { loadConfig } from "@fdo/core";
import test from "ava";

const EXAMPLE = "examples/config/orchestrator.conf";

test("the example configuration file is valid once its placeholder signing key is replaced", async (t) => {
  const loaded = await loadConfig({ file: EXAMPLE, env: { SECRET_KEY: "76a81bcfb46fa4f4fc2d5ca91ccd8c6d232daff67fcb3b99e512acd36172f00d" } });
  t.is(loaded.core.httpBasePath, "/orchestrator");
  t.is(loaded.core.mailSecurity, "starttls");
  t.deepEqual(loaded.warnings, []);
});

test("as shipped, the example file is refused for its placeholder signing key alone, saying how to make one", async (t) => {
  const error = await t.throwsAsync(loadConfig({ file: EXAMPLE, env: {} }));
  t.deepEqual((error as { details?: { problems?: unknown } }).details?.problems, [
    { key: "SECRET_KEY", message: "SECRET_KEY is a published placeholder, not a secret; make one with: openssl rand -base64 48" },
  ]);
});
