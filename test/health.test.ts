import { createHost } from "@fdo/core";
import { memoryLogger, startSlapd } from "@fdo/testing";
import test from "ava";
import { testConfig } from "./support/host-config.js";

test("readiness follows the directory: ready, then 503 while slapd is down, then ready again", async (t) => {
  const slapd = await startSlapd({ demoData: false });
  t.teardown(() => slapd.destroy());
  const host = await createHost({
    config: await testConfig({ LDAP_URI: slapd.url, LDAP_BASE: slapd.baseDn, LDAP_BIND_DN: slapd.serviceDn, LDAP_PASSWORD: slapd.servicePassword, LDAP_TIMEOUT_MS: "2000" }),
    logger: memoryLogger().logger,
  });
  t.teardown(() => host.stop());
  const url = await host.listen();
  const ready = async () => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  t.deepEqual(await ready(), { status: 200, body: { status: "ready", checks: { ldap: "ok" } } });
  await slapd.stop();
  const down = await ready();
  t.is(down.status, 503);
  t.is(down.body["code"], "FDO_ERR_HEALTH_NOT_READY");
  t.is((await fetch(`${url}/health/live`)).status, 200, "liveness does not depend on LDAP");
  await slapd.start();
  t.is((await ready()).status, 200);
});

test("readiness is 503 when the service account's password is wrong, and the password is never logged", async (t) => {
  const slapd = await startSlapd({ demoData: false });
  t.teardown(() => slapd.destroy());
  const { logger, text } = memoryLogger();
  const host = await createHost({
    config: await testConfig({ LDAP_URI: slapd.url, LDAP_BASE: slapd.baseDn, LDAP_BIND_DN: slapd.serviceDn, LDAP_PASSWORD: "wrong-password-xyz" }),
    logger,
  });
  t.teardown(() => host.stop());
  const url = await host.listen();
  const response = await fetch(`${url}/health/ready`);
  t.is(response.status, 503);
  t.false(text().includes("wrong-password-xyz"));
  t.false((await response.text()).includes("wrong-password-xyz"));
});
