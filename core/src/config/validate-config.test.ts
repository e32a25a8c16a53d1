import { field } from "@fdo/sdk";
import test from "ava";
import { schemaKeys, validateConfig } from "./validate-config.js";

const schema = {
  uri: field.url({ key: "LDAP_URI", aliases: ["FD_LDAP_MASTER_URL"], description: "LDAP server", required: true, protocols: ["ldap:", "ldaps:"] }),
  port: field.integer({ key: "MAIL_PORT", description: "port", default: 25, min: 1, max: 65535 }),
  auth: field.boolean({ key: "MAIL_AUTH", description: "auth", default: false }),
  password: field.string({ key: "LDAP_PASSWORD", aliases: ["LDAP_PWD"], description: "password", required: true, secret: true, minLength: 8 }),
  security: field.enum({ key: "MAIL_SEC", description: "security", values: ["ssl", "tls"] as const }),
  dirs: field.list({ key: "PLUGINS_DIR", description: "dirs", default: [] }),
};

test("values are parsed into their types and defaults fill the gaps", (t) => {
  const result = validateConfig(schema, { LDAP_URI: "ldaps://ldap.example.org", LDAP_PASSWORD: "long enough", MAIL_AUTH: "TRUE", MAIL_SEC: "TLS", PLUGINS_DIR: " /a, /b ,," });
  t.true(result.ok);
  if (!result.ok) return;
  t.deepEqual(result.config, { uri: "ldaps://ldap.example.org", port: 25, auth: true, password: "long enough", security: "tls", dirs: ["/a", "/b"] });
});

test("the older key name is accepted when the newer one is absent", (t) => {
  const result = validateConfig(schema, { FD_LDAP_MASTER_URL: "ldap://127.0.0.1:389", LDAP_PWD: "old-style-pw" });
  t.true(result.ok);
  if (result.ok) t.is(result.config.uri, "ldap://127.0.0.1:389");
});

test("both generations set to different values is a problem; to the same value is fine", (t) => {
  const same = validateConfig(schema, { LDAP_URI: "ldap://a", FD_LDAP_MASTER_URL: "ldap://a", LDAP_PASSWORD: "12345678" });
  t.true(same.ok);
  const different = validateConfig(schema, { LDAP_URI: "ldap://a", FD_LDAP_MASTER_URL: "ldap://b", LDAP_PASSWORD: "12345678" });
  t.false(different.ok);
  if (!different.ok)
    t.deepEqual(
      different.problems.map((problem) => problem.key),
      ["LDAP_URI"],
    );
});

test("every invalid value is reported at once, each naming its key", (t) => {
  const result = validateConfig(schema, { LDAP_URI: "http://wrong", MAIL_PORT: "70000", MAIL_AUTH: "maybe", MAIL_SEC: "starttls" });
  t.false(result.ok);
  if (result.ok) return;
  t.deepEqual(result.problems.map((problem) => problem.key).sort(), ["LDAP_PASSWORD", "LDAP_URI", "MAIL_AUTH", "MAIL_PORT", "MAIL_SEC"]);
  t.regex(result.problems.find((problem) => problem.key === "MAIL_PORT")?.message ?? "", /MAIL_PORT must be at most 65535 \(got "70000"\)/);
  t.regex(result.problems.find((problem) => problem.key === "LDAP_PASSWORD")?.message ?? "", /LDAP_PASSWORD or LDAP_PWD is required/);
});

test("a secret's value never appears in a problem", (t) => {
  const result = validateConfig(schema, { LDAP_URI: "ldap://a", LDAP_PASSWORD: "short" });
  t.false(result.ok);
  if (result.ok) return;
  t.is(result.problems.length, 1);
  t.false(JSON.stringify(result.problems).includes('short"'));
  t.regex(result.problems[0]?.message ?? "", /LDAP_PASSWORD must be at least 8 bytes long$/);
});

test("empty and blank values count as missing", (t) => {
  const result = validateConfig(schema, { LDAP_URI: "ldap://a", LDAP_PASSWORD: "12345678", MAIL_PORT: "  " });
  t.true(result.ok);
  if (result.ok) t.is(result.config.port, 25);
});

test("schemaKeys lists current and older names", (t) => {
  t.deepEqual(schemaKeys(schema), ["LDAP_URI", "FD_LDAP_MASTER_URL", "MAIL_PORT", "MAIL_AUTH", "LDAP_PASSWORD", "LDAP_PWD", "MAIL_SEC", "PLUGINS_DIR"]);
});

test("field keys must be upper snake case", (t) => {
  t.throws(() => field.string({ key: "lower_case", description: "x" }), { instanceOf: TypeError });
});
