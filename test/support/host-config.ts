import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type LoadedConfig, loadConfig } from "@fdo/core";
import { scratchDir, type Teardown } from "./scratch-dir.js";

/** A key the host accepts: long enough and not plainly regular. */
export const TEST_SECRET = "test-signing-key:Vq8%Lm2!Rz7+Wx4@Tn9^";

/**
 * The smallest valid configuration: loopback everything, LDAP on a closed port (the directory connects lazily),
 * no built-in plugins, HTTP port 0.
 */
export const MINIMAL_SETTINGS: Readonly<Record<string, string>> = {
  LDAP_URI: "ldap://127.0.0.1:1",
  LDAP_BASE: "dc=example,dc=org",
  LDAP_BIND_DN: "cn=fdo-service,ou=services,dc=example,dc=org",
  LDAP_PASSWORD: "bind-password-never-printed",
  SECRET_KEY: TEST_SECRET,
  HTTP_PORT: "0",
  PLUGINS_BUILTIN: "FALSE",
};

/** An orchestrator.conf holding exactly `settings` (`KEY="value"` lines), in a scratch directory removed after the test. */
export async function confFile(t: Teardown, settings: Readonly<Record<string, string>>): Promise<string> {
  const file = path.join(await scratchDir(t, "fdo-conf"), "orchestrator.conf");
  await writeFile(
    file,
    Object.entries(settings)
      .map(([key, value]) => `${key}="${value}"`)
      .join("\n"),
  );
  return file;
}

/** An orchestrator.conf with the {@link MINIMAL_SETTINGS} and `extra`. */
export const minimalConfFile = (t: Teardown, extra: Readonly<Record<string, string>> = {}): Promise<string> => confFile(t, { ...MINIMAL_SETTINGS, ...extra });

/**
 * Configuration for a test host: loopback everything, no built-in plugins, port 0, quiet logs. LDAP points at a
 * closed port unless `LDAP_URI` is overridden (the directory connects lazily).
 */
export function testConfig(overrides: Record<string, string> = {}): Promise<LoadedConfig> {
  return loadConfig({
    file: "/dev/null",
    env: {
      ...MINIMAL_SETTINGS,
      // The sandbox slapd's service password, for tests that point LDAP_URI at it.
      LDAP_PASSWORD: "fdo-service-secret",
      LOG_LEVEL: "error",
      ...overrides,
    },
  });
}
