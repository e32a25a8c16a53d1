import test from "ava";
import { EXPORT, EXTRACTOR } from "../../plugins/extractor/src/flavours.js";
import { CSV_CONTENT_TYPE, exportMail } from "../../plugins/extractor/src/message.js";
import { dryRunReport, failedText, fetchError, mailFailedText, NO_USER_DNS, noAttributesText, nothingToProcess, writeFailedText, writtenText } from "../../plugins/extractor/src/reports.js";

const FILE = "/var/lib/fusiondirectory-orchestrator/exports/staff_2026-11-28_10-00-00_0123456789abcdef.csv";

test("upstream's status and result texts, for both task types", (t) => {
  t.is(NO_USER_DNS, "No user DNs to process.");
  t.deepEqual(nothingToProcess(EXTRACTOR), { status: "No tasks to process for extractor." });
  t.deepEqual(nothingToProcess(EXPORT), { status: "No tasks to process for export." });
  t.is(writtenText(EXTRACTOR, FILE, true, []), `Batch extraction successful to ${FILE}. Email sent to recipients.`);
  t.is(writtenText(EXPORT, FILE, false, []), `Batch export successful to ${FILE}. Email not sent: sender or recipient missing.`);
  t.is(writtenText(EXTRACTOR, FILE, true, ["e1", "e2"]), `Batch extraction successful to ${FILE}. Email sent to recipients. Some errors encountered: e1; e2`);
  t.is(mailFailedText(EXPORT, FILE, "550 mailbox unavailable"), `Batch export successful to ${FILE}, but email failed: 550 mailbox unavailable`);
  t.is(noAttributesText(EXTRACTOR, []), "No user attributes could be extracted.");
  t.is(noAttributesText(EXPORT, ["x"]), "No user attributes can be exported. Errors: x");
  t.is(fetchError("uid=x,dc=org", "no such entry"), "Error fetching attributes for DN 'uid=x,dc=org': no such entry");
  t.is(writeFailedText(FILE), `Failed to write batch data to ${FILE}.`);
  t.is(failedText(EXTRACTOR, "boom"), "Error processing extractor task: boom");
  t.is(failedText(EXPORT, "boom"), "Error processing export task: boom");
});

test("a dry run says what would be written and who would get it", (t) => {
  t.deepEqual(dryRunReport(EXTRACTOR, "/exports/team", ["uid=a,dc=org"], ["dn", "uid"], ["hr@example.org"]), {
    dryRun: true,
    result: "Batch extraction of 1 user would be written to /exports/team.",
    users: ["uid=a,dc=org"],
    columns: ["dn", "uid"],
    recipients: ["hr@example.org"],
  });
  t.is(dryRunReport(EXPORT, "/exports", [], "ALL", []).result, "Batch export of 0 users would be written to /exports.");
});

test("the mail: upstream's subject and body, the CSV attached under its own name", (t) => {
  const content = Buffer.from("dn\r\n");
  const mail = exportMail(EXTRACTOR, { path: FILE, name: "staff.csv" }, content);
  t.is(mail.subject, "FusionDirectory Extractor - Export file");
  t.is(mail.text, `Your requested extract is attached.\n\nFile: ${FILE}`);
  t.deepEqual(mail.attachments, [{ filename: "staff.csv", content, contentType: CSV_CONTENT_TYPE }]);
  t.is(exportMail(EXPORT, { path: FILE, name: "x.csv" }, content).subject, "FusionDirectory Export - Export file");
  t.is(exportMail(EXPORT, { path: FILE, name: "x.csv" }, content).text, `Your requested export is attached.\n\nFile: ${FILE}`);
});
