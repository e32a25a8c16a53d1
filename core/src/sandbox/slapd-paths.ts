// Locating the OpenLDAP binaries, the system's schema and module directories, and the core's ldap/ directory.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SBIN_DIRS = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/local/libexec", "/usr/libexec"];
/** Where distributions keep OpenLDAP's loadable modules (back_mdb, pw-sha2). */
export const MODULE_DIRS = ["/usr/lib/ldap", "/usr/lib64/openldap", "/usr/lib/openldap", "/usr/libexec/openldap"];
/** Where distributions keep OpenLDAP's bundled schemas (core, cosine, ...). */
export const SYSTEM_SCHEMA_DIRS = ["/etc/ldap/schema", "/etc/openldap/schema", "/usr/local/etc/openldap/schema"];
/** How to install the OpenLDAP server tools, for error messages. */
export const INSTALL_HINT = "apt-get install -y slapd ldap-utils (as root, with DEBIAN_FRONTEND=noninteractive)";

/** The executable `name` on PATH or in the usual sbin/libexec dirs (often not on a user's PATH). */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env["PATH"] ?? "").split(path.delimiter).filter(Boolean), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Like {@link findExecutable}, but throws an Error saying what to install when it is missing. */
export function requireExecutable(name: string): string {
  const found = findExecutable(name);
  if (found === undefined) throw new Error(`${name} not found; install it with: ${INSTALL_HINT}`);
  return found;
}

let coreLdapDir: string | undefined;

/**
 * The core/ldap directory (schema, template, seed LDIF). Found by walking up from this module, which
 * lives in core/dist/ (bundle), build/core/src/sandbox/ (tests) or node_modules/@fdo/core/dist/.
 */
export function ldapDir(): string {
  if (coreLdapDir !== undefined) return coreLdapDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [dir, path.join(dir, "core")]) {
      if (isCorePackage(candidate) && existsSync(path.join(candidate, "ldap", "schema"))) {
        coreLdapDir = path.join(candidate, "ldap");
        return coreLdapDir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the @fdo/core ldap/ directory above ${fileURLToPath(import.meta.url)}`);
}

function isCorePackage(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
    return pkg.name === "@fdo/core";
  } catch {
    return false;
  }
}

/** The first of `dirs` that contains `file`. */
export function firstExisting(dirs: readonly string[], file: string): string | undefined {
  return dirs.find((dir) => existsSync(path.join(dir, file)));
}
