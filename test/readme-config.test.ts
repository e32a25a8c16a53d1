import { readFileSync } from "node:fs";
import { configReferenceTable, coreConfigSchema } from "@fdo/core";
import test from "ava";

test("the README's configuration table is the one generated from the schema", (t) => {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("| key (older names) | default | meaning |");
  t.true(start > 0, "the table is in the README");
  const table = readme.slice(start, readme.indexOf("\n\n", start));
  t.is(
    table,
    configReferenceTable(coreConfigSchema),
    'regenerate it: node --input-type=module -e \'console.log((await import("./core/dist/index.js")).configReferenceTable((await import("./core/dist/index.js")).coreConfigSchema))\'',
  );
});
