import test from "ava";
import { readExportTask } from "../../plugins/extractor/src/task-spec.js";
import { type Attributes, fakeEntry } from "../support/fakes.js";

const DN = "cn=f16-extract-trio,ou=tasks,dc=example,dc=org";
const people = (uid: string) => `uid=${uid},ou=people,dc=example,dc=org`;
const read = (objectClass: string, attributes: Attributes) => readExportTask(fakeEntry(DN, { objectClass: ["top", "fdTasks", objectClass], cn: "f16-extract-trio", ...attributes }));
const task = (objectClass: string, attributes: Attributes) => {
  const result = read(objectClass, attributes);
  if (!result.ok) throw new Error(result.error);
  return result.task;
};

test("an extractor task: members and resolved DNs together, each once; attributes in order; sender and recipients", (t) => {
  const spec = task("fdExtractorTasks", {
    fdExtractorTaskMembers: "cn=f16-trio,ou=groups,dc=example,dc=org",
    fdExtractorTaskListOfDN: [people("f16-ann"), " UID=f16-ann,ou=people,dc=example,dc=org", people("f16-ben")],
    fdExtractorTaskFormat: "CSV",
    fdExtractorTaskAttributes: ["uid", "cn", "mail", "CN"],
    fdExtractorEmailSender: "noreply@example.org",
    fdExtractorRecipientsMembers: people("hugo"),
    fdExtractorListOfRecipientsMails: ["{PRO}hr@example.org"],
  });
  t.deepEqual(spec, {
    dn: DN,
    name: "f16-extract-trio",
    selection: { all: false, attributes: ["uid", "cn", "mail"] },
    memberDns: ["cn=f16-trio,ou=groups,dc=example,dc=org", people("f16-ann"), people("f16-ben")],
    sender: "noreply@example.org",
    recipientDns: [people("hugo")],
    recipientAddresses: ["hr@example.org"],
    emailAttribute: "mail",
    warnings: [],
  });
});

test("an export task is read from its own spelling, and the sender is read (upstream never did)", (t) => {
  const spec = task("fdExportTasks", {
    fdExportTaskMembers: "cn=f16-nested,ou=groups,dc=example,dc=org",
    fdExportTaskAttributes: ["uid", "mail"],
    fdExportEmailSender: "exports@example.org",
    fdExportRecipientsMembers: [people("hugo"), people("f16-eve")],
    fdTasksEmailAttribute: "supannAutreMail",
  });
  t.is(spec.sender, "exports@example.org");
  t.deepEqual(spec.recipientDns, [people("hugo"), people("f16-eve")]);
  t.is(spec.emailAttribute, "supannAutreMail");
  t.deepEqual(spec.selection, { all: false, attributes: ["uid", "mail"] });
});

test("the server may return an export task's attributes under the extractor names (same OIDs)", (t) => {
  const spec = task("fdExportTasks", { fdExtractorTaskMembers: people("f16-ann"), fdExtractorEmailSender: "a@example.org", fdExtractorTaskAttributes: "uid" });
  t.deepEqual(spec.memberDns, [people("f16-ann")]);
  t.is(spec.sender, "a@example.org");
});

test("ALL, alone or among names, and no list at all select every attribute; no sender is allowed", (t) => {
  t.deepEqual(task("fdExtractorTasks", { fdExtractorTaskAttributes: "ALL" }).selection, { all: true });
  t.deepEqual(task("fdExtractorTasks", { fdExtractorTaskAttributes: ["uid", "all"] }).selection, { all: true });
  t.deepEqual(task("fdExtractorTasks", {}).selection, { all: true });
  t.is(task("fdExtractorTasks", {}).sender, undefined);
  t.is(task("fdExtractorTasks", { cn: "" }).name, "export");
});

test("a format other than CSV is a warning, not an error: the file is CSV", (t) => {
  t.deepEqual(task("fdExtractorTasks", { fdExtractorTaskFormat: "JSON" }).warnings, ['fdExtractorTaskFormat "JSON" is not supported: the file is CSV']);
  t.deepEqual(task("fdExtractorTasks", { fdExtractorTaskFormat: "csv" }).warnings, []);
});

test("a broken task fails naming the task and the attribute", (t) => {
  const error = (objectClass: string, attributes: Attributes) => {
    const result = read(objectClass, attributes);
    return result.ok ? "accepted" : result.error;
  };
  t.is(error("fdExtractorTasks", { fdExtractorTaskAttributes: ["uid", "mail)(x"] }), `Export task ${DN}: fdExtractorTaskAttributes "mail)(x" is not an attribute name`);
  t.is(
    error("fdExtractorTasks", { fdExtractorEmailSender: "noreply@example.org\r\nBcc: x@evil" }),
    `Export task ${DN}: fdExtractorEmailSender "noreply@example.org\\r\\nBcc: x@evil" is not an e-mail address`,
  );
  t.is(
    error("fdExtractorTasks", { fdExtractorListOfRecipientsMails: ["ok@example.org", "not an address"] }),
    `Export task ${DN}: fdExtractorListOfRecipientsMails "not an address" is not an e-mail address`,
  );
  t.is(error("fdExportTasks", { fdTasksEmailAttribute: "mail;x" }), `Export task ${DN}: fdTasksEmailAttribute "mail;x" is not an attribute name`);
  t.is(error("fdTasksMail", {}), `Export task ${DN}: it is not an extractor or export task (no objectClass fdExtractorTasks or fdExportTasks)`);
});
