#!/usr/bin/env node
// create-fdo-plugin: writes a working FusionDirectory Orchestrator plugin skeleton (one task type on the TaskRunner,
// one route, their services declared as deps, one passing test). Plain Node, no dependencies:
// `npx create-fdo-plugin <dir> [--id <kebab-id>] [--packages <dir>]`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fdoDependencies, findTarballs, locatePackages, PackagesError } from "../lib/sdk-packages.mjs";

const EXIT_USAGE = 64;
const EXIT_CANNOT_CREATE = 73;
const EXIT_NO_INPUT = 66;
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
// Task segments the host serves itself, and those of the plugins shipped with it: a plugin claiming one is refused
// at load time (FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE), so say it now.
const TAKEN_SEGMENTS = new Set(["tasks", "removesubtasks", "activatecyclictasks", "restartfailedtasks", "mail", "lifecycle", "notifications", "reminder", "audit"]);

const USAGE = `usage: create-fdo-plugin <dir> [--id <kebab-id>] [--packages <dir>]

Writes a FusionDirectory Orchestrator plugin skeleton into <dir> (created if needed): package.json with the
fdOrchestrator manifest, src/index.ts (one task type using the TaskRunner, one route), tsconfig.json, a test
using @fdo/testing, and a README. Existing files are never overwritten.

  --id <kebab-id>   plugin id (default: the directory name without a "fdo-plugin-" prefix)
  --packages <dir>  where the @fdo/* package tarballs are; package.json references them with file: (default:
                    the packages/ directory of the release archive this scaffold comes from; in a checkout,
                    its packages, freshly packed; else ./packages)
  --help            print this text`;

function fail(message, code = EXIT_USAGE) {
  process.stderr.write(`create-fdo-plugin: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  let dir;
  let id;
  let packages;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === "--id") {
      id = argv[++index];
      if (id === undefined) fail("--id needs a value");
    } else if (arg.startsWith("--id=")) {
      id = arg.slice("--id=".length);
    } else if (arg === "--packages") {
      packages = argv[++index];
      if (packages === undefined) fail("--packages needs a directory");
    } else if (arg.startsWith("--packages=")) {
      packages = arg.slice("--packages=".length);
    } else if (arg.startsWith("-")) {
      fail(`unknown option ${arg}\n\n${USAGE}`);
    } else if (dir === undefined) {
      dir = arg;
    } else {
      fail(`one directory only (got ${dir} and ${arg})`);
    }
  }
  if (dir === undefined) fail(`no directory given\n\n${USAGE}`);
  return { dir: path.resolve(dir), id: id ?? path.basename(path.resolve(dir)).replace(/^fdo-plugin-/, ""), packages };
}

const camel = (id) => id.replace(/-([a-z0-9])/g, (_match, char) => char.toUpperCase());
const upperSnake = (id) => id.replace(/-/g, "_").toUpperCase();

const SCAFFOLD_DIR = path.dirname(fileURLToPath(import.meta.url));
// This package is released together with @fdo/sdk and @fdo/testing, at their version.
const VERSION = JSON.parse(readFileSync(path.join(SCAFFOLD_DIR, "..", "package.json"), "utf8")).version;

function sdkRange() {
  return `^${VERSION}`;
}

function files({ id, segment, keyPrefix, sdk, fdo }) {
  const packageJson = {
    name: `fdo-plugin-${id}`,
    version: "0.1.0",
    description: `FusionDirectory Orchestrator plugin ${id}`,
    type: "module",
    fdOrchestrator: { apiVersion: 2, id, entry: "dist/index.js", sdk },
    files: ["dist", "README.md"],
    scripts: {
      build: "esbuild src/index.ts --bundle --platform=node --format=esm --target=node20 --sourcemap --outfile=dist/index.js",
      "build:tests": 'esbuild "src/**/*.ts" "test/**/*.ts" --outdir=build --outbase=. --platform=node --format=esm --target=node20 --sourcemap=inline',
      test: "npm run build && npm run build:tests && ava",
      typecheck: "tsc -p tsconfig.json",
    },
    devDependencies: { ...fdo.devDependencies, "@types/node": "^20.19.0", ava: "^7.0.0", esbuild: "^0.28.2", typescript: "^7.0.2" },
    overrides: fdo.overrides,
    ava: { files: ["build/test/**/*.test.js"], timeout: "60s" },
  };

  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      types: ["node"],
      experimentalDecorators: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noEmit: true,
    },
    include: ["src", "test"],
  };

  const index = `import { defineRoute, defineTaskType, definePlugin, field, pluginConfigRef, services, type SubtaskOutcome } from "@fdo/sdk";

const config = {
  greeting: field.string({ key: "${keyPrefix}_GREETING", description: "what GET /api/plugins/${id}/hello answers", default: "hello" }),
};

/** What one subtask came to, for the answer (the JSON below is what PATCH /api/tasks/${segment} shows for it). */
type Detail = { readonly wouldProcess: string } | { readonly processed: string };

/**
 * \`PATCH /api/tasks/${segment}\`: processes the due FusionDirectory subtasks whose fdTasksGranularType is "${segment}".
 * The TaskRunner finds them, claims each one atomically (no two runs or instances get the same one), writes the
 * outcome and builds the report: you only say what one subtask does.
 */
const ${segment}TaskType = defineTaskType({
  segment: "${segment}",
  granularTypes: ["${segment}"],
  description: "process the due ${segment} subtasks",
  deps: { runner: services.taskRunner, logger: services.logger },
  run: (run, { runner, logger }) =>
    runner.forEachDue(run, async (subtask, context): Promise<SubtaskOutcome<Detail>> => {
      const target = subtask.entry.first("fdTasksGranularDN") ?? subtask.dn;
      if (context.dryRun) return { kind: "done", detail: { wouldProcess: target } };
      // Mail goes through services.outbox (cap, dry run, at-most-once); call \`await context.markIrreversible()\` right
      // before any other side effect that must never be repeated.
      logger.info("processed", { dn: subtask.dn, target });
      return { kind: "done", detail: { processed: target } };
    }),
  present: { subtask: ({ detail }) => detail },
});

export default definePlugin({
  id: "${id}",
  version: "0.1.0",
  sdk: "${sdk}",
  description: "TODO: what ${id} does",
  config,
  taskTypes: [${segment}TaskType],
  routes: [
    defineRoute({
      method: "GET",
      path: "/hello",
      description: "answers the configured greeting (access token required)",
      deps: { config: pluginConfigRef(config) },
      handle: (_request, { config }) => ({ body: { greeting: config.greeting } }),
    }),
  ],
});
`;

  const ldif = `# One main task and one due subtask of type ${segment} (the test host's clock is 2026-11-28T10:00:00Z).
dn: cn=${id}-example,ou=tasks,dc=example,dc=org
objectClass: top
objectClass: fdTasks
cn: ${id}-example
fdTasksStatus: 1
fdTasksCreationDate: 2026-11-20 08:00:00am

dn: cn=${id}-example-SubTask-1,ou=tasks,dc=example,dc=org
objectClass: top
objectClass: fdTasksGranular
cn: ${id}-example-SubTask-1
fdTasksGranularMaster: cn=${id}-example,ou=tasks,dc=example,dc=org
fdTasksGranularType: ${segment}
fdTasksGranularSchedule: 20261120080000Z
fdTasksGranularStatus: 1
fdTasksGranularDN: uid=alice,ou=people,dc=example,dc=org
`;

  const testFile = `import path from "node:path";
import test from "ava";
import { startTestHost } from "@fdo/testing";

// \`npm test\` runs from the package directory, which is the plugin package.
const PLUGIN_DIR = process.cwd();
const SUBTASK = "cn=${id}-example-SubTask-1,ou=tasks,dc=example,dc=org";

test("${id} answers its route and processes its due subtask once", async (t) => {
  const host = await startTestHost({
    plugins: [PLUGIN_DIR],
    ldif: [path.join(PLUGIN_DIR, "test/fixtures/tasks.ldif")],
    config: { ${keyPrefix}_GREETING: "bonjour" },
  });
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.failed, []);

  const hello = await host.request("GET", "/api/plugins/${id}/hello");
  t.is(hello.status, 200);
  t.deepEqual(hello.body, { greeting: "bonjour" });

  const run = await host.request("PATCH", "/api/tasks/${segment}");
  t.is(run.status, 200);
  t.like(run.body, { [SUBTASK]: { processed: "uid=alice,ou=people,dc=example,dc=org" }, summary: { succeeded: 1 } });
  t.is((await host.ldap.read(SUBTASK))?.first("fdTasksGranularStatus"), "2");

  const again = await host.request("PATCH", "/api/tasks/${segment}");
  t.like(again.body, { summary: { eligible: 0 } });
});
`;

  const readme = `# fdo-plugin-${id}

A FusionDirectory Orchestrator plugin.

- \`PATCH /api/tasks/${segment}\` processes the due subtasks whose \`fdTasksGranularType\` is \`${segment}\`
  (\`?dryRun=true\` for the plan).
- \`GET /api/plugins/${id}/hello\` answers \`{"greeting": ...}\` (access token required).

## Configuration

| key | default | meaning |
|---|---|---|
| \`${keyPrefix}_GREETING\` | \`hello\` | what \`/hello\` answers |

## Develop

\`\`\`sh
npm install
npm run build       # dist/index.js: one self-contained bundle, the SDK inlined
npm test            # a throwaway slapd + SMTP sink (needs Debian's slapd and ldap-utils)
npm run typecheck
\`\`\`

## Install

Copy \`package.json\`, \`README.md\` and \`dist/\` into a sub-directory of a directory named by \`PLUGINS_DIR\` in
\`orchestrator.conf\`, then run \`fusiondirectory-orchestrator check-config\` to see it load.

See the @fdo/sdk README for the rules (ids, config keys, services as deps, errors, the task loop, the Outbox).
`;

  return [
    ["package.json", `${JSON.stringify(packageJson, null, 2)}\n`],
    ["tsconfig.json", `${JSON.stringify(tsconfig, null, 2)}\n`],
    ["src/index.ts", index],
    [`test/${id}.test.ts`, testFile],
    ["test/fixtures/tasks.ldif", ldif],
    ["README.md", readme],
    [".gitignore", "node_modules/\nbuild/\n"],
  ];
}

const { dir, id, packages } = parseArgs(process.argv.slice(2));
if (!ID_PATTERN.test(id)) fail(`"${id}" is not a valid plugin id: use kebab-case (lower-case letters and digits, words joined by "-", starting with a letter), e.g. --id password-expiry`);
const segment = camel(id);
if (TAKEN_SEGMENTS.has(segment.toLowerCase())) fail(`the task type /api/tasks/${segment} is already served by the orchestrator; choose another id`);

const planned = (fdo) => files({ id, segment, keyPrefix: upperSnake(id), sdk: sdkRange(), fdo });
const existing = planned({})
  .map(([name]) => name)
  .filter((name) => existsSync(path.join(dir, name)));
if (existing.length > 0) fail(`refusing to overwrite ${existing.join(", ")} in ${dir}`, EXIT_CANNOT_CREATE);

let tarballs;
try {
  const report = (line) => process.stderr.write(`create-fdo-plugin: ${line}\n`);
  tarballs = findTarballs(locatePackages({ option: packages, scaffoldDir: SCAFFOLD_DIR, cwd: process.cwd(), version: VERSION, report }), VERSION);
} catch (error) {
  if (!(error instanceof PackagesError)) throw error;
  fail(error.message, EXIT_NO_INPUT);
}
const plan = planned(fdoDependencies(tarballs, dir));

for (const [name, content] of plan) {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  // "wx": fail rather than overwrite a file created since the check above.
  writeFileSync(file, content, { flag: "wx" });
}
const relative = path.relative(process.cwd(), dir);
const shown = relative === "" ? "." : relative.startsWith("..") ? dir : relative;
process.stdout.write(`Created plugin "${id}" in ${shown}:
${plan.map(([name]) => `  ${name}`).join("\n")}

@fdo packages: ${path.dirname(tarballs["@fdo/sdk"])}

Next:
  cd ${shown}
  npm install
  npm test
`);
