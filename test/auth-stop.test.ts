// A host stopped right after a login still finishes that login's family clean-up before its directory closes.
import { createHost } from "@fdo/core";
import { memoryLogger, startSlapd } from "@fdo/testing";
import test from "ava";
import { Client } from "ldapts";
import { authConfig, ORCHESTRATOR_PASSWORD } from "./support/auth.js";
import { testConfig } from "./support/host-config.js";

test("host.stop() right after a login waits for its family clean-up: the family pushed out is gone, nothing warned", async (t) => {
  const slapd = await startSlapd({ demoData: true });
  t.teardown(() => slapd.destroy());
  const ldap = new Client({ url: slapd.url });
  await ldap.bind(slapd.rootDn, slapd.rootPassword);
  t.teardown(() => ldap.unbind());
  // A family as an earlier version wrote it (no family: value): never taken over, so the login adds and cleans up.
  const legacy = `cn=0123456789abcdef0123456789abcdef,ou=dsa,${slapd.baseDn}`;
  await ldap.add(legacy, {
    objectClass: "fdJWT",
    cn: ["0123456789abcdef0123456789abcdef", "orchestrator-jwt"],
    fdRefreshToken: [`active:${"0".repeat(64)}`],
    fdRefreshTokenExpiry: "4102444800",
  });
  const { logger, lines } = memoryLogger();
  const host = await createHost({
    config: await testConfig({
      LDAP_URI: slapd.url,
      LDAP_BASE: slapd.baseDn,
      LDAP_BIND_DN: slapd.serviceDn,
      LDAP_PASSWORD: slapd.servicePassword,
      ...authConfig({ REFRESH_FAMILIES_PER_ACCOUNT: "1" }),
    }),
    logger,
  });
  const url = await host.listen();
  const response = await fetch(`${url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "orchestrator", password: ORCHESTRATOR_PASSWORD }),
  });
  t.is(response.status, 200);
  await host.stop();

  const { searchEntries } = await ldap.search(`ou=dsa,${slapd.baseDn}`, { filter: "(&(objectClass=fdJWT)(cn=orchestrator-jwt))", attributes: ["cn"] });
  const families = searchEntries.filter((entry) => [entry["cn"]].flat().length > 1).map((entry) => entry.dn);
  t.is(families.length, 1, "the account keeps one family: its new login's");
  t.false(families.includes(legacy), "the family pushed out was deleted before the directory closed");
  t.false(
    lines().some((line) => /could not revoke/.test(String(line["msg"]))),
    "no clean-up failed for a closed directory",
  );
});
