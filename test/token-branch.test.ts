// Where refresh-token families go: LDAP_TOKEN_BRANCH, else FD 1.6's fdOrchestratorTokenRDN, else the DSA branch.

import { startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { authConfig, tokens } from "./support/auth.js";

const BASE = "dc=example,dc=org";
const CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;

async function host(t: ExecutionContext, config: Record<string, string> = {}): Promise<TestHost> {
  const started = await startTestHost({ plugins: [], config: authConfig(config) });
  t.teardown(() => started.stop());
  return started;
}

/** FusionDirectory 1.6 names the orchestrator's token branch in its configuration entry. */
async function setTokenRdn(h: TestHost, rdn: string): Promise<void> {
  await h.ldap.modify(CONFIG, [
    { operation: "add", attribute: "objectClass", values: ["fdOrchestratorPluginConf"] },
    { operation: "add", attribute: "fdOrchestratorTokenRDN", values: [rdn] },
  ]);
}

/** This service's families of the orchestrator account (cn = family id + `orchestrator-jwt`; the demo's upstream entry has one cn). */
async function familyDns(h: TestHost, branch: string): Promise<string[]> {
  const entries = await h.ldap.searchAll({ base: branch, filter: "(&(objectClass=fdJWT)(cn=orchestrator-jwt))", attributes: ["cn"] }).catch(() => []);
  return entries.filter((entry) => entry.values("cn").length === 2).map((entry) => entry.dn);
}

test("FD 1.5 data (no fdOrchestratorTokenRDN): families go to the DSA branch", async (t) => {
  const h = await host(t);
  await tokens(h);
  t.is((await familyDns(h, `ou=dsa,${BASE}`)).length, 1);
});

test("FD 1.6 data: families go to fdOrchestratorTokenRDN under the base, the branch created when missing", async (t) => {
  const h = await host(t);
  await setTokenRdn(h, "ou=orchestrator-tokens");
  await tokens(h);
  t.is((await familyDns(h, `ou=orchestrator-tokens,${BASE}`)).length, 1);
  t.deepEqual(await familyDns(h, `ou=dsa,${BASE}`), []);
});

test("LDAP_TOKEN_BRANCH wins over fdOrchestratorTokenRDN", async (t) => {
  const h = await host(t, { LDAP_TOKEN_BRANCH: `ou=tokens,${BASE}` });
  await setTokenRdn(h, "ou=orchestrator-tokens");
  await tokens(h);
  t.is((await familyDns(h, `ou=tokens,${BASE}`)).length, 1);
  t.deepEqual(await familyDns(h, `ou=orchestrator-tokens,${BASE}`), []);
});
