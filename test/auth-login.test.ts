import { startTestHost, type TestHost } from "@fdo/testing";
import test from "ava";
import { assertError, assertPairResponse, authConfig, DSA_ACCOUNTS, decodeToken, FORM, login, nowSeconds, ORCHESTRATOR_PASSWORD, post } from "./support/auth.js";

let host: TestHost;

test.before(async () => {
  host = await startTestHost({ plugins: [], config: authConfig() });
});
test.after.always(() => host?.stop());

const INVALID = ["FDO_ERR_AUTH_INVALID_CREDENTIALS", "invalid authentication"] as const;

// Serial tests run before the concurrent ones, so stopping slapd here disturbs nobody. With LDAP down, any
// lookup or bind would surface as an error other than 401: a 401 proves the password was refused first.
test.serial("an empty or blank password is refused before any LDAP work (S13)", async (t) => {
  await host.slapd.stop();
  try {
    assertError(t, await login(host, "orchestrator", ""), 401, ...INVALID);
    assertError(t, await login(host, "orchestrator", "   "), 401, ...INVALID);
    t.not((await login(host, "orchestrator", ORCHESTRATOR_PASSWORD)).status, 401, "control: a real password does reach LDAP");
  } finally {
    await host.slapd.start();
  }
});

// Issue 15: ~10,000-character names reached LDAP unthrottled (503) and wrote 11 KB of log each.
test.serial("a name over 256 characters or with control characters is a 400 before any LDAP work (slapd down)", async (t) => {
  const long = "x".repeat(10_000);
  await host.slapd.stop();
  try {
    for (const username of [long, "o".repeat(257), "orchestrator\u0000", "orchestrator\n", "orches\ttrator", "orchestrator\u007f", "orchestrator\u0085", "orchestrator\ud800"]) {
      assertError(t, await login(host, username, ORCHESTRATOR_PASSWORD), 400, "FDO_ERR_AUTH_USERNAME_INVALID", "invalid username");
    }
    t.not((await login(host, "o".repeat(256), "a-password")).status, 400, "control: 256 characters reach LDAP");
    t.not((await login(host, "😀".repeat(256), "a-password")).status, 400, "control: characters, not UTF-16 units, are counted");
  } finally {
    await host.slapd.start();
  }
  t.false(JSON.stringify(host.logs()).includes(long.slice(0, 300)), "the long name is not logged");
});

test("a login answers exactly upstream's compact token pair followed by a newline", async (t) => {
  assertPairResponse(t, await login(host, "orchestrator", ORCHESTRATOR_PASSWORD));
});

// Upstream's client posts the JSON string as curl POST fields, so the content type cannot be trusted.
for (const [label, contentType] of [
  ["form-encoded", FORM],
  ["without a content type", null],
] as const) {
  test(`a JSON body posted ${label} logs in`, async (t) => {
    assertPairResponse(t, await login(host, "orchestrator", ORCHESTRATOR_PASSWORD, contentType));
  });
}

for (const account of DSA_ACCOUNTS) {
  test(`${account.login} ({${account.scheme}}) logs in`, async (t) => {
    const pair = assertPairResponse(t, await login(host, account.login, account.password));
    t.is(decodeToken(pair.access_token).payload["sub"], account.login);
  });
}

test("the access token carries the pinned algorithm and the claims the bearer guard checks", async (t) => {
  const { access_token } = assertPairResponse(t, await login(host, "legacy-client", "legacy-secret"));
  const { header, payload } = decodeToken(access_token);
  t.is(header["alg"], "HS256");
  t.like(payload, { sub: "legacy-client", name: "legacy-client", iat: nowSeconds(host), exp: nowSeconds(host) + 300 });
  t.like(payload, { iss: "fusiondirectory-orchestrator", aud: "fusiondirectory-orchestrator", token_use: "access" });
  t.true(typeof payload["jti"] === "string" && payload["jti"] !== "");
});

test("the refresh token is typed, belongs to a family and lives REFRESH_EXPIRY seconds", async (t) => {
  const { refresh_token } = assertPairResponse(t, await login(host, "legacy-client", "legacy-secret"));
  const { header, payload } = decodeToken(refresh_token);
  t.is(header["alg"], "HS256");
  t.like(payload, { sub: "legacy-client", token_use: "refresh", iat: nowSeconds(host), exp: nowSeconds(host) + 432000 });
  t.true(typeof payload["fam"] === "string" && payload["fam"] !== "");
});

for (const [label, body] of [
  ["an empty object", {}],
  ["no password", { username: "orchestrator" }],
  ["no username", { password: ORCHESTRATOR_PASSWORD }],
  ["an empty body", ""],
] as const) {
  test(`a login body with ${label} is 400 missing credentials`, async (t) => {
    assertError(t, await post(host, "/api/login", body), 400, "FDO_ERR_AUTH_CREDENTIALS_MISSING", "missing login credentials");
  });
}

// Injection attempts carry orchestrator's real password: if the name reached a filter or DN unescaped, the
// lookup would find orchestrator and the login would succeed.
for (const [label, username, password] of [
  ["an unknown user", "nobody", "whatever"],
  ["a wrong password", "orchestrator", "not-the-password"],
  ["an empty password", "orchestrator", ""],
  ["a blank password", "orchestrator", "   "],
  ["a valid user outside the DSA branch (S16)", "alice", "alice-secret"],
  ["a valid user outside the DSA branch by cn (S16)", "Alice Martin", "alice-secret"],
  ["the service account, a simpleSecurityObject outside the DSA branch (S16)", "fdo-service", "fdo-service-secret"],
  ["the wildcard username *", "*", ORCHESTRATOR_PASSWORD],
  ["a prefix wildcard", "orch*", ORCHESTRATOR_PASSWORD],
  ["filter injection )(cn=*", ")(cn=*", ORCHESTRATOR_PASSWORD],
  ["filter injection orchestrator)(cn=*", "orchestrator)(cn=*", ORCHESTRATOR_PASSWORD],
  ["DN injection a,ou=dsa", "a,ou=dsa", ORCHESTRATOR_PASSWORD],
  ["a DN-shaped username cn=orchestrator", "cn=orchestrator", ORCHESTRATOR_PASSWORD],
  ["an escaped NUL \\00", "orchestrator\\00", ORCHESTRATOR_PASSWORD],
] as const) {
  test(`${label} is 401 invalid authentication`, async (t) => {
    assertError(t, await login(host, username, password), 401, ...INVALID);
  });
}

test("an unknown user and a wrong password get identical answers", async (t) => {
  const [unknown, wrong] = await Promise.all([login(host, "nobody-at-all", "pw"), login(host, "md5-client", "pw")]);
  t.is(unknown.status, wrong.status);
  t.is(unknown.text, wrong.text);
});

for (const path of ["/api/login", "/api/refresh", "/api/logout"]) {
  test(`GET ${path} is 405 with Allow: POST`, async (t) => {
    const response = await host.request("GET", path, { auth: false });
    t.is(response.status, 405);
    t.is(response.headers.get("allow"), "POST");
  });
}

test("a genuine form post logs in too, and a login while LDAP is down answers 503 without revealing the directory", async (t) => {
  const host = await startTestHost({ plugins: [] });
  t.teardown(() => host.stop());
  const form = await fetch(`${host.url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "username=orchestrator&password=orchestrator-secret",
  });
  t.is(form.status, 200);
  await host.slapd.stop();
  t.teardown(() => host.slapd.start());
  const down = await fetch(`${host.url}/api/login`, { method: "POST", body: JSON.stringify({ username: "orchestrator", password: "orchestrator-secret" }) });
  t.is(down.status, 503);
  const text = await down.text();
  t.deepEqual(JSON.parse(text), { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" });
  t.false(text.includes("127.0.0.1"));
  t.false(text.includes("fdo-service"));
});

// Issue 15 item 6: a misconfigured branch answered 404 "LDAP search ou=missing,... failed" to anyone.
for (const [label, config, hidden] of [
  ["DSA branch", { LDAP_OU_DSA: "ou=missing,dc=example,dc=org" }, "ou=missing"],
  ["refresh-token branch", { LDAP_TOKEN_BRANCH: "cn=missing-tokens,dc=example,dc=org" }, "cn=missing-tokens"],
] as const) {
  test(`a login with a misconfigured ${label} is the generic 503; the DN is in the log only`, async (t) => {
    const host = await startTestHost({ plugins: [], config });
    t.teardown(() => host.stop());
    const response = await login(host, "orchestrator", ORCHESTRATOR_PASSWORD);
    assertError(t, response, 503, "FDO_ERR_LDAP_UNAVAILABLE", "directory unavailable");
    t.false(response.text.includes(hidden));
    t.false(response.text.includes("dc=example"));
    const logged = host.logs().find((line) => line["code"] === "FDO_ERR_LDAP_UNAVAILABLE");
    t.true(JSON.stringify(logged ?? {}).includes(hidden), "the log says what failed");
  });
}

test("without LDAP_OU_DSA the DSA branch comes from FusionDirectory's fdDSARDN", async (t) => {
  const host = await startTestHost({ plugins: [], config: { LDAP_OU_DSA: "" } });
  t.teardown(() => host.stop());
  // Point FusionDirectory's DSA branch somewhere else: only accounts there may log in now.
  await host.ldap.modify(`cn=config,ou=fusiondirectory,${host.slapd.baseDn}`, [{ operation: "replace", attribute: "fdDSARDN", values: ["ou=services"] }]);
  const login = (username: string, password: string) => fetch(`${host.url}/api/login`, { method: "POST", body: JSON.stringify({ username, password }) });
  t.is((await login("fdo-service", "fdo-service-secret")).status, 200);
  t.is((await login("orchestrator", "orchestrator-secret")).status, 401);
});

test("two DSA accounts answering to one login: refused like a wrong password, and logged", async (t) => {
  const twinHost = await startTestHost({ plugins: [], config: authConfig() });
  t.teardown(() => twinHost.stop());
  // A second cn=orchestrator deeper in the DSA branch, with the same password.
  const original = await twinHost.ldap.read("cn=orchestrator,ou=dsa,dc=example,dc=org", ["userPassword"]);
  await twinHost.ldap.add("ou=more,ou=dsa,dc=example,dc=org", { objectClass: ["organizationalUnit"], ou: "more" });
  await twinHost.ldap.add("cn=orchestrator,ou=more,ou=dsa,dc=example,dc=org", {
    objectClass: ["organizationalRole", "simpleSecurityObject"],
    cn: "orchestrator",
    userPassword: original?.first("userPassword") ?? "",
  });
  assertError(t, await login(twinHost, "orchestrator", ORCHESTRATOR_PASSWORD), 401, ...INVALID);
  t.true(twinHost.logs().some((line) => line["msg"] === "several DSA accounts share a login; refusing it"));
  // Another account still logs in.
  t.is((await login(twinHost, "legacy-client", DSA_ACCOUNTS.find((account) => account.login === "legacy-client")?.password ?? "")).status, 200);
});
