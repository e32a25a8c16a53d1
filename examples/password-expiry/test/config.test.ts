// A bad configuration refuses the plugin at start-up, naming the key; the host itself keeps running.
import test from "ava";
import { startTestHost } from "@fdo/testing";
import { CONFIG, PLUGIN_DIR } from "./helpers.js";

const cases: ReadonlyArray<readonly [string, Record<string, string>, RegExp]> = [
  ["lead days that are not numbers", { PASSWORD_EXPIRY_LEAD_DAYS: "28,seven,1" }, /PASSWORD_EXPIRY_LEAD_DAYS must be a comma-separated list of whole days/],
  ["a lead day of 0", { PASSWORD_EXPIRY_LEAD_DAYS: "7,0" }, /PASSWORD_EXPIRY_LEAD_DAYS lists days between 1 and 366/],
  ["a lead day twice", { PASSWORD_EXPIRY_LEAD_DAYS: "7,7" }, /PASSWORD_EXPIRY_LEAD_DAYS lists a day twice/],
  ["no sender", { PASSWORD_EXPIRY_MAIL_FROM: "" }, /PASSWORD_EXPIRY_MAIL_FROM is required/],
  ["a sender that is not one address", { PASSWORD_EXPIRY_MAIL_FROM: "it@example.org, boss@example.org" }, /PASSWORD_EXPIRY_MAIL_FROM must be one plain e-mail address/],
  ["an unbalanced user filter", { PASSWORD_EXPIRY_USER_FILTER: "(&(objectClass=inetOrgPerson)" }, /PASSWORD_EXPIRY_USER_FILTER must be one parenthesised LDAP filter/],
  ["a max age of 0", { PASSWORD_EXPIRY_MAX_AGE_DAYS: "0" }, /PASSWORD_EXPIRY_MAX_AGE_DAYS must be at least 1/],
];

for (const [name, config, message] of cases) {
  test(`the plugin is refused for ${name}`, async (t) => {
    const host = await startTestHost({ plugins: [PLUGIN_DIR], demoData: false, config: { ...CONFIG, ...config } });
    t.teardown(() => host.stop());
    t.deepEqual(host.plugins.loaded, []);
    const [failure] = host.plugins.failed;
    t.is(failure?.id, "password-expiry");
    t.is(failure?.code, "FDO_ERR_PLUGIN_CONFIG_INVALID");
    t.regex(failure?.reason ?? "", message);
    t.is((await host.request("PATCH", "/api/tasks/passwordExpiry")).status, 404);
  });
}

test("every problem is reported at once", async (t) => {
  const host = await startTestHost({
    plugins: [PLUGIN_DIR],
    demoData: false,
    config: { PASSWORD_EXPIRY_LEAD_DAYS: "x", PASSWORD_EXPIRY_CHANGE_URL: "ftp://example.org/" },
  });
  t.teardown(() => host.stop());
  const reason = host.plugins.failed[0]?.reason ?? "";
  for (const key of ["PASSWORD_EXPIRY_LEAD_DAYS", "PASSWORD_EXPIRY_MAIL_FROM", "PASSWORD_EXPIRY_CHANGE_URL"]) t.true(reason.includes(key), `${key} in ${reason}`);
});
