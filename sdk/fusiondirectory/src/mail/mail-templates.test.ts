import { LdapNoSuchObjectError } from "@fdo/sdk";
import { asDirectory, FakeDirectory, fakeEntry } from "@fdo/testing";
import test from "ava";
import { MailTemplateCache, templateBranch, templateDn, templateFromEntries } from "./mail-templates.js";

const DN = "cn=welcome-mail,ou=mailTemplate,dc=example,dc=org";
const template = fakeEntry(DN, {
  objectClass: "fdMailTemplate",
  cn: "welcome-mail",
  fdMailTemplateSubject: "Welcome",
  fdMailTemplateBody: "Hello",
  fdMailTemplateSignature: "--\nIT",
  fdMailTemplateReadReceipt: "TRUE",
});
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
const logo = fakeEntry(`cn=logo.png,${DN}`, { objectClass: "fdMailAttachments", cn: "logo.png", fdMailAttachmentsContent: png });

test("the template is chosen by objectClass, not by position; attachments keep their bytes", (t) => {
  const lookup = templateFromEntries(DN, [logo, template]);
  if (!lookup.ok) return t.fail(lookup.error);
  t.is(lookup.template.dn, DN);
  t.is(lookup.template.subject, "Welcome");
  t.is(lookup.template.signature, "--\nIT");
  t.true(lookup.template.readReceipt);
  t.deepEqual(lookup.template.attachments, [{ filename: "logo.png", content: png }]);
});

test("a missing read-receipt attribute is FALSE; an empty signature is none", (t) => {
  const bare = fakeEntry(DN, { objectClass: "fdMailTemplate", cn: "x", fdMailTemplateSubject: "S", fdMailTemplateBody: "B", fdMailTemplateSignature: "" });
  const lookup = templateFromEntries(DN, [bare]);
  t.true(lookup.ok && !lookup.template.readReceipt && lookup.template.signature === undefined && lookup.template.attachments.length === 0);
});

test("no template entry, or one without body, is a clear error", (t) => {
  t.deepEqual(templateFromEntries(DN, [logo]), { ok: false, error: `Mail template not found: ${DN}` });
  const noBody = fakeEntry(DN, { objectClass: "fdMailTemplate", cn: "x", fdMailTemplateSubject: "S" });
  t.deepEqual(templateFromEntries(DN, [noBody]), { ok: false, error: `Mail template ${DN} has no fdMailTemplateBody` });
});

test("template DNs are escaped and the branch comes from fdMailTemplateRDN", (t) => {
  t.is(templateDn("a,b", "ou=mailTemplate", "dc=example,dc=org"), "cn=a\\,b,ou=mailTemplate,dc=example,dc=org");
  t.is(templateBranch(undefined), "ou=mailTemplate");
  t.is(templateBranch(" ou=templates,ou=mail "), "ou=templates,ou=mail");
  t.is(templateBranch("garbage"), "ou=mailTemplate");
});

test("the cache reads each template once and reports a missing one", async (t) => {
  const config = fakeEntry("cn=config,ou=fusiondirectory,dc=example,dc=org", { objectClass: ["fusionDirectoryConf", "fdMailTemplateConf"], fdMailTemplateRDN: "ou=mailTemplate" });
  const base = fakeEntry("dc=example,dc=org", { objectClass: "domain" });
  const directory = new FakeDirectory([base, config, template, logo], (dn) => new LdapNoSuchObjectError(`no such object: ${dn}`));
  const cache = new MailTemplateCache(asDirectory(directory), "dc=example,dc=org");
  const [first, second] = await Promise.all([cache.get("welcome-mail"), cache.get("welcome-mail")]);
  t.true(first.ok && second.ok);
  t.deepEqual(await cache.get("nope"), { ok: false, error: "Mail template not found: cn=nope,ou=mailTemplate,dc=example,dc=org" });
  t.deepEqual(directory.searches, ["dc=example,dc=org", DN, "cn=nope,ou=mailTemplate,dc=example,dc=org"]);
});
