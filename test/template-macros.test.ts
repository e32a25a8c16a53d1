// FusionDirectory 1.6 template macros (fdMailTemplateMacro NAME|ldapAttribute) in Mail, Reminder and
// Notifications, against a real slapd and SMTP sink: each recipient gets their own values, a missing attribute
// becomes empty.
import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import test, { type ExecutionContext } from "ava";

const BASE = "dc=example,dc=org";
const TEMPLATES = `ou=mailTemplate,${BASE}`;
const TASKS = `ou=tasks,${BASE}`;
const FD = {
  FUSIONDIRECTORY_WEBSERVICE_URL: "https://fd.example.org/fusiondirectory/rest.php/v1",
  FUSIONDIRECTORY_WEBSERVICE_LOGIN: "x",
  FUSIONDIRECTORY_WEBSERVICE_PASSWORD: "y",
};

async function host(t: ExecutionContext, plugin: string): Promise<TestHost> {
  const started = await startTestHost({ plugins: [path.resolve("plugins", plugin)], config: FD });
  t.teardown(() => started.stop());
  t.deepEqual(started.plugins.failed, []);
  return started;
}

/** Turns a demo template into an FD 1.6 one with macros. */
async function withMacros(h: TestHost, template: string, body: string, macros: readonly string[]): Promise<void> {
  await h.ldap.modify(`cn=${template},${TEMPLATES}`, [
    { operation: "replace", attribute: "fdMailTemplateBody", values: [body] },
    { operation: "add", attribute: "fdMailTemplateMacro", values: [...macros] },
  ]);
}

/** The text of the one mail an address received. */
function textTo(h: TestHost, address: string): string[] {
  return h.smtp.messages.filter((message) => message.to.includes(address)).map((message) => message.text.trimEnd());
}

test("Mail: each recipient gets their own values, by address (as upstream) or by the FD 1.6 recipient DN; a missing attribute is empty", async (t) => {
  const h = await host(t, "mail");
  // `l` is set for nobody; "NOPIPE" is not a macro and stays as written; the value has a replacement pattern.
  await withMacros(h, "password-policy", "Dear %FIRST% (%CITY%), %FULL% $& %NOPIPE%", ["FIRST|givenName", "CITY|l", "FULL|cn", "NOPIPE"]);
  await h.ldap.add(`cn=fd16-password-policy-SubTask-1795161601_7009,${TASKS}`, {
    objectClass: ["top", "fdTasksGranular"],
    cn: "fd16-password-policy-SubTask-1795161601_7009",
    fdTasksGranularMaster: `cn=fd16-password-policy,${TASKS}`,
    fdTasksGranularType: "mail",
    fdTasksGranularSchedule: "20261120080000Z",
    fdTasksGranularStatus: "1",
    fdTasksGranularMail: `uid=alice,ou=people,${BASE}`,
    fdTasksGranularRef: "password-policy",
    fdTasksGranularMailFrom: "it@example.org",
  });
  t.is((await h.request("PATCH", "/api/tasks/mail")).status, 200);
  t.deepEqual(textTo(h, "bob.durand@example.org"), ["Dear Bob (), Bob Durand $& %NOPIPE%"]);
  t.deepEqual(textTo(h, "carol.petit@example.org"), ["Dear Carol (), Carol Petit $& %NOPIPE%"]);
  // alice also gets the FD 1.5 welcome mail: its template has no macros and is unchanged.
  t.deepEqual(textTo(h, "alice.martin@example.org").sort(), [
    "Dear Alice (), Alice Martin $& %NOPIPE%",
    "Hello,\n\nYour account is ready. Please read the attached charter.\n\n\n--\nThe IT department",
  ]);
});

test("Reminder: the reminded user and each forward address get their own values", async (t) => {
  const h = await host(t, "reminder");
  await withMacros(h, "account-expiry-reminder", "Bonjour %NAME%, prolongez : ", ["NAME|givenName"]);
  t.is((await h.request("PATCH", "/api/tasks/reminder")).status, 200);
  const [erin] = textTo(h, "erin.lefevre@example.org");
  const [hr] = textTo(h, "hr@example.org");
  t.regex(erin ?? "", /^Bonjour Erin, prolongez : https:\/\//);
  // hr@example.org is Hugo's address: upstream's "first recipient wins" would have greeted him as Erin.
  t.regex(hr ?? "", /^Bonjour Hugo, prolongez : https:\/\//);
  t.regex(textTo(h, "grace.roux@example.org")[0] ?? "", /^Bonjour Grace, /);
});

test("Notifications: the digest's template macros are filled from each recipient's entry", async (t) => {
  const h = await host(t, "notifications");
  await withMacros(h, "account-change-notification", "Hello %NAME% %MISSING%, the following accounts were modified:", ["NAME|givenName", "MISSING|departmentNumber"]);
  t.is((await h.request("PATCH", "/api/tasks/notifications")).status, 200);
  const texts = textTo(h, "hr@example.org");
  t.is(texts.length, 2);
  for (const text of texts) t.true(text.startsWith("Hello Hugo , the following accounts were modified:\n\n"), text);
});
