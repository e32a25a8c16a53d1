// The release's package-lock.json: exactly the versions, tarball URLs and integrity hashes the repository's lock
// resolves for the core's runtime dependencies (and theirs), nothing a devDependency brings. `npm ci --omit=dev` on
// it installs the same tree on every run, without asking the registry to resolve anything.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Where Node would find `name` required from the package at lock path `from` (`core`, `node_modules/a`...). */
function resolveFrom(packages, from, name) {
  for (let base = from; ; ) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut >= 0 ? base.slice(0, cut) : "";
  }
}

/** Dependency edges of a lock entry: name → whether it may be missing (optional, or an optional peer). */
function edges(entry) {
  const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name));
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => [name, false]),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => [name, true]),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => [name, optionalPeers.has(name)]),
  ];
}

/** The lock path a package gets in the release: what sat under the workspace (`core/node_modules/x`) moves to the top. */
const releasePath = (lockPath) => lockPath.replace(/^[^]*?(?=node_modules\/)/, "");

/** sha512 SRI of a file, as npm records a tarball's integrity. */
const integrityOf = (file) => `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;

/**
 * A lockfile (v3) for `manifest` (the release package.json): its registry dependencies are those of the workspace
 * `from` (`core`), resolved through `rootLock` (the repository's lock); its `file:` dependencies are `tarballs`
 * (package name → `{ file, manifest }`, the packed tarball and the package.json packed in it). Throws when the
 * repository's lock lacks something the core needs (run `npm install` there first).
 */
export function productionLock({ manifest, rootLock, from, tarballs }) {
  const source = rootLock.packages;
  const chosen = new Map(); // lock path → required through a non-optional chain
  const visit = (at, required) => {
    for (const [name, optional] of edges(source[at])) {
      if (name in tarballs) continue;
      const found = resolveFrom(source, at, name);
      if (found === undefined) {
        if (optional) continue;
        throw new Error(`package-lock.json has no ${name} for ${at}: run npm install`);
      }
      if (source[found].link) throw new Error(`${name} is a workspace link in package-lock.json, not a published package`);
      const stillRequired = required && !optional;
      if (chosen.has(found) && (chosen.get(found) || !stillRequired)) continue;
      chosen.set(found, stillRequired);
      visit(found, stillRequired);
    }
  };
  visit(from, true);

  const packages = { "": { name: manifest.name, version: manifest.version, license: manifest.license, dependencies: manifest.dependencies } };
  for (const [lockPath, required] of [...chosen].sort(([a], [b]) => releasePath(a).localeCompare(releasePath(b)))) {
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = source[lockPath];
    const target = releasePath(lockPath);
    if (packages[target] !== undefined) throw new Error(`two versions of ${target} would share one place in the release`);
    packages[target] = required ? entry : { ...entry, optional: true };
  }
  for (const [name, { file, manifest: packed }] of Object.entries(tarballs)) {
    const { version, license, dependencies, bin } = packed;
    packages[`node_modules/${name}`] = { version, resolved: manifest.dependencies[name], integrity: integrityOf(file), license, dependencies, bin };
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages };
}
