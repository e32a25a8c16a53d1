import test from "ava";
import { archivedReport, expandedReport, failedReport, NOT_MATCHING, notMatchingReport, wouldArchiveReport } from "../../plugins/archive/src/reports.js";

const ANN = "uid=f16-ann,ou=people,dc=example,dc=org";
const GROUP = "cn=f16-trio,ou=groups,dc=example,dc=org";

test("upstream's result texts", (t) => {
  t.deepEqual(archivedReport(ANN), { result: `User ${ANN} successfully archived.` });
  t.deepEqual(failedReport("Unexpected HTTP status code: 500"), { result: "Error archiving user: Unexpected HTTP status code: 500" });
  t.deepEqual(notMatchingReport("why"), { result: NOT_MATCHING, reason: "why" });
  t.is(NOT_MATCHING, "User does not meet the criteria for archiving.");
  t.deepEqual(wouldArchiveReport(ANN, "{COMPTE}I:SupannExpire::"), { dryRun: true, result: `User ${ANN} would be archived.`, matchedValue: "{COMPTE}I:SupannExpire::" });
});

test("an expansion report counts new and existing member subtasks and lists what could not be expanded", (t) => {
  const children = [ANN, "uid=f16-ben,ou=people,dc=example,dc=org"].map((memberDn) => ({ dn: `cn=x-${memberDn.slice(4, 11)},ou=tasks`, memberDn, attributes: {} }));
  const [annChild, benChild] = children.map((child) => child.dn) as [string, string];
  const expansion = { members: children.map((child) => child.memberDn), groups: [GROUP], missing: ["uid=ghost,dc=org"], tooDeep: [] };
  const report = expandedReport(GROUP, children, expansion, { created: [annChild], existing: [benChild] }, false);
  t.is(report.result, `Group ${GROUP} expanded into 2 member subtasks (1 new, 1 already present).`);
  t.deepEqual(report.members, expansion.members);
  t.deepEqual(report.missingMembers, ["uid=ghost,dc=org"]);
  t.false("groupsTooDeep" in report);
  t.false("dryRun" in report);
  const dry = expandedReport(GROUP, children.slice(0, 1), { ...expansion, missing: [] }, { created: [annChild], existing: [] }, true);
  t.is(dry.result, `Group ${GROUP} would be expanded into 1 member subtask (1 new, 0 already present).`);
  t.true(dry.dryRun);
});
