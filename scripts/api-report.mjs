// The public surface of each published package: every export's name and kind, read from its built .d.ts files
// (following `export *` and named re-exports, into other workspace packages' sources too). `npm run api-report`
// writes `<package>/api-report.json`; test/api-report.test.ts fails when the surface changed without it, and when an
// export has no doc comment.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The packages whose surface is pinned, by directory (relative to the repository root). */
export const REPORTED_PACKAGES = ["sdk/contract", "sdk/fusiondirectory", "sdk/testing"];

/** Where a workspace package's exports are declared when another package re-exports them. */
const WORKSPACE_ENTRIES = {
  "@fdo/sdk": "sdk/contract/dist/index.d.ts",
  "@fdo/fusiondirectory": "sdk/fusiondirectory/dist/index.d.ts",
  "@fdo/core": "core/src/index.ts",
};

const DECLARATION = /^export (?:declare )?(?:abstract )?(?:async )?(function|const|let|class|interface|type|enum|namespace) (\w+)/gm;
const STAR = /^export (type )?\* from ["']([^"']+)["'];?$/gm;
const NAMED = /^export (type )?\{([^}]*)\} from ["']([^"']+)["'];?/gm;
// `export { name };` of an imported name: its declaration is in the module it was imported from.
const LOCAL = /^export \{([^}]*)\};?$/gm;
const importedFrom = (text, name) => new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*["']([^"']+)["']`).exec(text)?.[1];

function resolveModule(from, specifier) {
  const workspace = WORKSPACE_ENTRIES[specifier];
  if (workspace !== undefined) return path.join(root, workspace);
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, "");
  const found = [`${base}.d.ts`, `${base}.ts`].find((file) => existsSync(file));
  if (found === undefined) throw new Error(`${path.relative(root, from)}: cannot resolve ${specifier}`);
  return found;
}

/** A doc comment (`/** ... *\/`) that says something besides tags ends right before `index`. */
function documentedAt(text, index) {
  const before = text.slice(0, index).trimEnd();
  const start = before.lastIndexOf("/**");
  if (!before.endsWith("*/") || start < before.lastIndexOf("*/", before.length - 3)) return false;
  const prose = before
    .slice(start + 3, -2)
    .replace(/^\s*\*?\s*@\w+.*$/gm, "")
    .replace(/[\s*]/g, "");
  return prose.length > 0;
}

/** Every export of `file` by name: its kind and whether its declaration has a doc comment. */
function exportsOf(file, seen = new Set()) {
  const found = new Map();
  if (seen.has(file)) return found;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(DECLARATION)) {
    const [, kind, name] = match;
    // Overloads repeat a function's name: its first declaration carries the doc comment.
    if (!found.has(name)) found.set(name, { kind, documented: documentedAt(text, match.index) });
  }
  for (const [, , specifier] of text.matchAll(STAR)) {
    for (const [name, entry] of exportsOf(resolveModule(file, specifier), seen)) found.set(name, entry);
  }
  for (const [, , list, specifier] of text.matchAll(NAMED)) {
    const source = exportsOf(resolveModule(file, specifier), new Set());
    for (const item of list
      .split(",")
      .map((part) => part.trim().replace(/^type /, ""))
      .filter(Boolean)) {
      const [original, alias = original] = item.split(/\s+as\s+/);
      const entry = source.get(original);
      if (entry === undefined) throw new Error(`${path.relative(root, file)}: ${specifier} does not export ${original}`);
      found.set(alias, entry);
    }
  }
  for (const [, list] of text.matchAll(LOCAL)) {
    for (const name of list
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)) {
      const specifier = importedFrom(text, name);
      const entry = specifier === undefined ? undefined : exportsOf(resolveModule(file, specifier), new Set()).get(name);
      if (entry !== undefined) found.set(name, entry);
    }
  }
  return found;
}

/** The package's surface: `exports` (name → kind, sorted) and the names that have no doc comment. */
export function apiReport(packageDir) {
  const manifest = JSON.parse(readFileSync(path.join(root, packageDir, "package.json"), "utf8"));
  const entries = [...exportsOf(path.join(root, packageDir, "dist/index.d.ts"))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    report: { package: manifest.name, exports: Object.fromEntries(entries.map(([name, { kind }]) => [name, kind])) },
    undocumented: entries.filter(([, { documented }]) => !documented).map(([name]) => name),
  };
}

export const reportFile = (packageDir) => path.join(root, packageDir, "api-report.json");
export const formatReport = (report) => `${JSON.stringify(report, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dir of REPORTED_PACKAGES) {
    const { report, undocumented } = apiReport(dir);
    writeFileSync(reportFile(dir), formatReport(report));
    console.log(`${dir}/api-report.json: ${Object.keys(report.exports).length} exports`);
    if (undocumented.length > 0) console.warn(`  without a doc comment: ${undocumented.join(", ")}`);
  }
}
