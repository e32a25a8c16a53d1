import test from "ava";
import { BULK_EXTRACTOR_MARKER, EXPORT, EXTRACTOR, isExtraction } from "../../plugins/extractor/src/flavours.js";

test("extractor serves 'extract' subtasks marked bulkExtractorTask; export serves every 'export' subtask", (t) => {
  t.deepEqual([EXTRACTOR.segment, EXTRACTOR.granularTypes], ["extractor", ["extract"]]);
  t.deepEqual([EXPORT.segment, EXPORT.granularTypes], ["export", ["export"]]);
  t.true(isExtraction(EXTRACTOR, BULK_EXTRACTOR_MARKER));
  t.true(isExtraction(EXTRACTOR, ` ${BULK_EXTRACTOR_MARKER} `));
  t.false(isExtraction(EXTRACTOR, "uid=f16-ann,ou=people,dc=example,dc=org"));
  t.false(isExtraction(EXTRACTOR, undefined));
  t.true(isExtraction(EXPORT, "uid=hugo,ou=people,dc=example,dc=org"));
});
