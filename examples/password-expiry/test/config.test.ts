// A bad configuration stops start-up with the host's own configuration problems, naming every bad key.

import { startTestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";
import { CONFIG, PLUGIN_DIR } from "./helpers.js";

/** The configuration problems a test host refuses to start with. */
async function refused(t: ExecutionContext, config: Record<string, string>): Promise<Array<{ key: string; message: string }>> {
  const error = await t.throwsAsync(startTestHost({ plugins: [PLUGIN_DIR], demoData: false, config }));
  t.is((error as { code?: string }).code, "FDO_ERR_CONFIG_INVALID");
  return (error as { details?: { problems?: Array<{ key: string; message: string }> } }).details?.problems ?? [];
}

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
  test(`start-up is refused for ${name}`, async (t) => {
    const problems = await refused(t, { ...CONFIG, ...config });
    t.is(problems.length, 1);
    t.regex(problems[0]?.message ?? "", /^plugin password-expiry: /);
    t.regex(problems[0]?.message ?? "", message);
  });
}

test("every problem is reported at once", async (t) => {
  const problems = await refused(t, { PASSWORD_EXPIRY_LEAD_DAYS: "x", PASSWORD_EXPIRY_CHANGE_URL: "ftp://example.org/" });
  t.deepEqual(problems.map((problem) => problem.key).sort(), ["PASSWORD_EXPIRY_CHANGE_URL", "PASSWORD_EXPIRY_LEAD_DAYS", "PASSWORD_EXPIRY_MAIL_FROM"]);
});
