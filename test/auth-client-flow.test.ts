import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { assertError, assertPairResponse, authConfig, FORM, login, logout, ORCHESTRATOR_PASSWORD, refresh, toRaw } from "./support/auth.js";

let host: TestHost;

// Upstream is deployed under a one-segment alias (ORCHESTRATOR_API_URL = https://host/orchestrator).
test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig({ HTTP_BASE_PATH: "/orchestrator" }) });
});
test.after.always(() => host?.stop());

// As fusiondirectory-orchestrator-client sends task calls (upstream-spec §6.2).
const clientGet = async (path: string, access: string) => toRaw(await fetch(`${host.url}${path}`, { headers: { Authorization: `Bearer ${access}`, "Content-Type": "application/json" } }));

test("the official PHP client's flow works over real HTTP, then refresh and logout", async (t) => {
  t.regex(host.url, /\/orchestrator$/);
  const pair = assertPairResponse(t, await login(host, "orchestrator", ORCHESTRATOR_PASSWORD, FORM));

  const listing = await clientGet("/api/tasks/", pair.access_token);
  t.is(listing.status, 200, listing.text);
  t.regex(listing.headers.get("content-type") ?? "", /^application\/json/);

  const next = assertPairResponse(t, await refresh(host, pair.refresh_token));
  t.is((await clientGet("/api/tasks/", next.access_token)).status, 200);

  const out = await logout(host, next.refresh_token);
  t.is(out.status, 200);
  t.is(out.text, "");
  assertError(t, await refresh(host, next.refresh_token), 400, "FDO_ERR_AUTH_REFRESH_REVOKED", "invalid token (not on whitelist)");
});
