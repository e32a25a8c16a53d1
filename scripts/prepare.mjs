// One entry for `npm test` and `npm run demo` on a fresh machine: installs npm dependencies when they are
// missing, builds (with `--tests`, the test build too), and makes sure slapd is installed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

if (!existsSync("node_modules/.package-lock.json")) {
  console.log("installing npm dependencies (npm ci)...");
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

await import("./build.mjs");
const { ensureSlapdInstalled } = await import(path.join(root, "core/dist/index.js"));
try {
  await ensureSlapdInstalled();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
