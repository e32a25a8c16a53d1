// The published packages' public surface is pinned: an export added, removed or changed in kind fails here until
// `npm run api-report` rewrites the package's api-report.json (and the change is reviewed with it).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SDK_VERSION } from "@fdo/sdk";
import test from "ava";

interface ApiReport {
  readonly package: string;
  readonly exports: Readonly<Record<string, string>>;
}
interface ApiReportScript {
  readonly REPORTED_PACKAGES: readonly string[];
  apiReport(packageDir: string): { report: ApiReport; undocumented: string[] };
  reportFile(packageDir: string): string;
  formatReport(report: ApiReport): string;
}

// Run from the repository root (ava's working directory); the script is plain JavaScript, not part of the build.
const script = (await import(pathToFileURL(path.resolve("scripts/api-report.mjs")).href)) as ApiReportScript;
const VALUE_KINDS = new Set(["function", "const", "let", "class", "enum", "namespace"]);

test("three packages are reported", (t) => {
  t.deepEqual([...script.REPORTED_PACKAGES], ["sdk/contract", "sdk/fusiondirectory", "sdk/testing"]);
});

for (const dir of script.REPORTED_PACKAGES) {
  test(`${dir}: the public exports and their kinds are the ones in api-report.json`, (t) => {
    const { report } = script.apiReport(dir);
    t.true(Object.keys(report.exports).length > 10, "the report reads the package's declarations");
    t.is(script.formatReport(report), readFileSync(script.reportFile(dir), "utf8"), `the public surface of ${report.package} changed: review it, then run npm run api-report`);
  });

  test(`${dir}: the report's values are exactly what the built module exports at run time`, async (t) => {
    const { report } = script.apiReport(dir);
    const runtime = await import(pathToFileURL(path.resolve(dir, "dist/index.js")).href);
    const values = Object.entries(report.exports)
      .filter(([, kind]) => VALUE_KINDS.has(kind))
      .map(([name]) => name);
    t.deepEqual(values, Object.keys(runtime).sort());
  });

  test(`${dir}: every public export has a doc comment`, (t) => {
    t.deepEqual(script.apiReport(dir).undocumented, []);
  });
}

test("SDK_VERSION is the contract package's version, written once in its package.json", (t) => {
  const { version } = JSON.parse(readFileSync("sdk/contract/package.json", "utf8")) as { version: string };
  t.is(SDK_VERSION, version);
  t.false(readFileSync("sdk/contract/src/version.ts", "utf8").includes(JSON.stringify(version)), "not repeated in the source");
});
