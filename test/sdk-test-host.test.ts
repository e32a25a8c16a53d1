import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";

let host: TestHost;

test.before(async () => {
  host = await startTestHost({ plugins: [path.resolve("test/fixtures/plugins/echo")], now: "2027-01-02T03:04:05Z", config: { ECHO_GREETING: "salut" } });
});
test.after.always(() => host?.stop());

test("the test host loads the plugin with its configuration and the frozen clock", async (t) => {
  t.deepEqual(
    host.plugins.loaded.map((plugin) => plugin.id),
    ["echo"],
  );
  const response = await host.request("GET", "/api/plugins/echo/info", { auth: false });
  t.is(response.status, 200);
  t.deepEqual(response.body, { greeting: "salut", now: "2027-01-02T03:04:05.000Z", query: {} });
  host.clock.advance(60_000);
  t.is(((await host.request("GET", "/api/plugins/echo/info")).body as { now: string }).now, "2027-01-02T03:05:05.000Z");
});

test("requests carry a valid access token unless told otherwise", async (t) => {
  t.is((await host.request("GET", "/api/plugins/echo/secret")).status, 200);
  t.is((await host.request("GET", "/api/plugins/echo/secret", { auth: false })).status, 401);
  t.is((await host.request("GET", "/api/plugins/echo/secret", { auth: "forged.token.value" })).status, 401);
});

test("the directory is the demo directory, read as the orchestrator's service account", async (t) => {
  const config = await host.ldap.read(`cn=config,ou=fusiondirectory,${host.slapd.baseDn}`);
  t.is(config?.first("fdTimezone"), "Europe/Paris");
});

test("the host's logs are captured as JSON lines", (t) => {
  t.true(host.logs().some((line) => line["msg"] === "plugin loaded" && line["plugin"] === "echo"));
});
