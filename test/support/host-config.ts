import { type LoadedConfig, loadConfig } from "@fdo/core";

/** A key the host accepts: long enough and not plainly regular. */
export const TEST_SECRET = "test-signing-key:Vq8%Lm2!Rz7+Wx4@Tn9^";

/**
 * Configuration for a test host: loopback everything, no built-in plugins, port 0, quiet logs. LDAP points at a
 * closed port unless `LDAP_URI` is overridden (the directory connects lazily).
 */
export function testConfig(overrides: Record<string, string> = {}): Promise<LoadedConfig> {
  return loadConfig({
    file: "/dev/null",
    env: {
      LDAP_URI: "ldap://127.0.0.1:1",
      LDAP_BASE: "dc=example,dc=org",
      LDAP_BIND_DN: "cn=fdo-service,ou=services,dc=example,dc=org",
      LDAP_PASSWORD: "fdo-service-secret",
      SECRET_KEY: TEST_SECRET,
      HTTP_PORT: "0",
      PLUGINS_BUILTIN: "FALSE",
      LOG_LEVEL: "error",
      ...overrides,
    },
  });
}
