// Where a plugin gets @fdo/sdk, @fdo/fusiondirectory, @fdo/testing and @fdo/core from: none of them is published, so
// a bare name would make npm ask the public registry (E404, or worse, someone else's package of that name). Plugins
// reference the `npm pack` tarballs of a release archive's packages/ directory (or of a checkout) with `file:`, and
// pin every @fdo name in their dependency tree to them with npm `overrides`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The packages a plugin installs directly (all three bundled or used at test time), in package.json order. */
export const DIRECT_PACKAGES = ["@fdo/fusiondirectory", "@fdo/sdk", "@fdo/testing"];
/** Needed only through @fdo/testing, which starts a real host. */
const INDIRECT_PACKAGES = ["@fdo/core"];

/** `npm pack`'s file name prefix for a package: `@fdo/sdk` → `fdo-sdk-`. */
const tarballPrefix = (name) => `${name.replace(/^@/, "").replace("/", "-")}-`;

/** An Error whose message is meant for the person running the scaffold, not a stack trace. */
export class PackagesError extends Error {}

/**
 * The tarball of each @fdo package in `directory`: the SDK release (`version`) for @fdo/sdk, @fdo/fusiondirectory and
 * @fdo/testing, and the one @fdo/core tarball there. Throws a {@link PackagesError} naming what is missing.
 */
export function findTarballs(directory, version) {
  const files = existsSync(directory) && statSync(directory).isDirectory() ? readdirSync(directory) : undefined;
  if (files === undefined) throw new PackagesError(`${directory} is not a directory`);
  const tarballs = {};
  const missing = [];
  for (const name of DIRECT_PACKAGES) {
    const file = `${tarballPrefix(name)}${version}.tgz`;
    if (files.includes(file)) tarballs[name] = path.join(directory, file);
    else missing.push(file);
  }
  for (const name of INDIRECT_PACKAGES) {
    const candidates = files.filter((file) => file.startsWith(tarballPrefix(name)) && /^\d/.test(file.slice(tarballPrefix(name).length)) && file.endsWith(".tgz"));
    if (candidates.length === 1) tarballs[name] = path.join(directory, candidates[0]);
    else missing.push(candidates.length === 0 ? `${tarballPrefix(name)}<version>.tgz` : `exactly one of ${candidates.join(", ")}`);
  }
  if (missing.length > 0) throw new PackagesError(`${directory} lacks ${missing.join(", ")}`);
  return tarballs;
}

/** The nearest directory at or above `start` for which `test` holds. */
function findUp(start, test) {
  for (let directory = path.resolve(start); ; directory = path.dirname(directory)) {
    if (test(directory)) return directory;
    if (path.dirname(directory) === directory) return undefined;
  }
}

function isCheckout(directory) {
  const manifest = path.join(directory, "package.json");
  if (!existsSync(manifest) || !existsSync(path.join(directory, "scripts/release/pack-packages.mjs"))) return false;
  return JSON.parse(readFileSync(manifest, "utf8")).name === "fusiondirectory-orchestrator";
}

/** Builds and packs a checkout's packages into its release/packages/ (seconds; shown on stderr). */
function packCheckout(checkout, report) {
  report(`packing the SDK packages of ${checkout} ...`);
  const packed = spawnSync(process.execPath, [path.join(checkout, "scripts/release/pack-packages.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (packed.status !== 0) throw new PackagesError(`packing the packages of ${checkout} failed (exit ${packed.status})`);
  return packed.stdout.trim();
}

/**
 * The directory of the tarballs to reference: `--packages` when given; else the release archive this scaffold was
 * installed in (a `packages/` directory above it); else, run from a checkout, its freshly packed packages; else
 * `./packages` (the archive's, when `npx ./packages/create-fdo-plugin-<version>.tgz` runs from its top folder).
 */
export function locatePackages({ option, scaffoldDir, cwd, version, report }) {
  if (option !== undefined) return path.resolve(cwd, option);
  const hasRelease = (directory) => existsSync(path.join(directory, "packages", `${tarballPrefix("@fdo/sdk")}${version}.tgz`));
  const archive = findUp(scaffoldDir, hasRelease);
  if (archive !== undefined) return path.join(archive, "packages");
  const checkout = findUp(scaffoldDir, isCheckout);
  if (checkout !== undefined) return packCheckout(checkout, report);
  if (hasRelease(cwd)) return path.join(cwd, "packages");
  throw new PackagesError("cannot find the @fdo package tarballs: pass --packages <dir>, the packages/ directory of the orchestrator's release archive");
}

/**
 * `file:` spec of `tarball` as seen from the plugin directory: relative (as `npm install <file>` writes it) when they
 * share a parent below the filesystem root, so both can move together; absolute otherwise.
 */
function fileSpec(tarball, pluginDir) {
  const topLevel = (file) => path.resolve(file).split(path.sep)[1];
  const posix = (file) => file.split(path.sep).join("/");
  if (topLevel(tarball) !== topLevel(pluginDir)) return `file:${posix(path.resolve(tarball))}`;
  const relative = posix(path.relative(pluginDir, tarball));
  return `file:${relative.startsWith(".") ? relative : `./${relative}`}`;
}

/**
 * The `devDependencies` entries and the `overrides` for a plugin in `pluginDir`: `file:` references to the tarballs,
 * and every @fdo package pinned to its tarball wherever it appears in the tree (@fdo/testing depends on @fdo/core,
 * which depends on @fdo/sdk and @fdo/fusiondirectory by version).
 */
export function fdoDependencies(tarballs, pluginDir) {
  const devDependencies = Object.fromEntries(DIRECT_PACKAGES.map((name) => [name, fileSpec(tarballs[name], pluginDir)]));
  // npm wants an override of a direct dependency to be a reference to it ("$name").
  const overrides = Object.fromEntries([...DIRECT_PACKAGES.map((name) => [name, `$${name}`]), ...INDIRECT_PACKAGES.map((name) => [name, fileSpec(tarballs[name], pluginDir)])]);
  return { devDependencies, overrides };
}
