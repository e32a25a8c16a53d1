import test from "ava";
import { fakeEntry } from "../../../../test/support/fakes.js";
import { valuesOfAny } from "./entry-values.js";

test("the first spelling the entry holds wins, blank values dropped; none gives undefined", (t) => {
  const entry = fakeEntry("cn=t", { fdExtractorTaskAttributes: ["uid", " ", "mail "], fdTasksAutomaticGroupsResource: "   " });
  t.deepEqual(valuesOfAny(entry, ["fdExportTaskAttributes", "fdExtractorTaskAttributes"]), { attribute: "fdExtractorTaskAttributes", values: ["uid", "mail"] });
  t.is(valuesOfAny(entry, ["fdTasksAutomaticGroupsPreResource", "fdTasksAutomaticGroupsResource"]), undefined, "only blanks counts as absent");
});
