// The throwaway directory's names and passwords, its slapd.conf (rendered from core/ldap/slapd.conf.template)
// and the offline loading of its seed data.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fd15Schema } from "./fd15-schema.js";
import { appArmorHint, run } from "./slapd-exec.js";
import { firstExisting, INSTALL_HINT, ldapDir, MODULE_DIRS, requireExecutable, SYSTEM_SCHEMA_DIRS } from "./slapd-paths.js";

/** The directory's suffix. */
export const BASE_DN = "dc=example,dc=org";
/** The rootdn, whose password slapd.conf holds as a fresh {SSHA} hash. */
export const ROOT_DN = `cn=admin,${BASE_DN}`;
/** The password of {@link ROOT_DN}. */
export const ROOT_PASSWORD = "secret";
/** The orchestrator's service account. It and its password must match core/ldap/base.ldif, which holds the account's {SSHA} hash. */
export const SERVICE_DN = `cn=fdo-service,ou=services,${BASE_DN}`;
/** The password of {@link SERVICE_DN}. */
export const SERVICE_PASSWORD = "fdo-service-secret";

const SLAPADD_TIMEOUT_MS = 120_000;

function sshaHash(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/@([A-Z0-9_]+)@/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`slapd.conf.template: unknown placeholder ${match}`);
    return value;
  });
}

/** Which FusionDirectory generation's schema the directory knows. */
export type SchemaGeneration = "fd16" | "fd15";

const SCHEMA_FILE = "fusiondirectory-orchestrator-test.schema";

/** The directory holding the test schema to load: the project's own, or an FD 1.5 copy of it written into `dataDir`. */
async function schemaDir(dataDir: string, generation: SchemaGeneration): Promise<string> {
  const own = path.join(ldapDir(), "schema");
  if (generation === "fd16") return own;
  const copy = path.join(dataDir, "schema");
  await mkdir(copy, { recursive: true });
  await writeFile(path.join(copy, SCHEMA_FILE), fd15Schema(await readFile(path.join(own, SCHEMA_FILE), "utf8")));
  return copy;
}

/** Writes `dataDir`/slapd.conf for this system's schema and module dirs; resolves with its path. */
export async function writeConfig(dataDir: string, extraConfig: string | undefined, options: { readonly durable?: boolean; readonly generation?: SchemaGeneration } = {}): Promise<string> {
  const { durable = false, generation = "fd16" } = options;
  const dir = ldapDir();
  const systemSchemaDir = firstExisting(SYSTEM_SCHEMA_DIRS, "cosine.schema");
  if (systemSchemaDir === undefined) throw new Error(`OpenLDAP system schemas (cosine.schema) not found in ${SYSTEM_SCHEMA_DIRS.join(", ")}; ${INSTALL_HINT}`);
  const moduleDir = firstExisting(MODULE_DIRS, "back_mdb.la") ?? firstExisting(MODULE_DIRS, "back_mdb.so");
  // Where back_mdb is not a module it is built into slapd; pw-sha2 is optional ({SSHA512} binds fail without it).
  const modules = moduleDir === undefined ? [] : [`modulepath ${moduleDir}`, "moduleload back_mdb"];
  const hasSha2 = moduleDir !== undefined && (existsSync(path.join(moduleDir, "pw-sha2.la")) || existsSync(path.join(moduleDir, "pw-sha2.so")));
  if (hasSha2) modules.push("moduleload pw-sha2");
  const config = render(await readFile(path.join(dir, "slapd.conf.template"), "utf8"), {
    SYSTEM_SCHEMA_DIR: systemSchemaDir,
    FDO_SCHEMA_DIR: await schemaDir(dataDir, generation),
    DATA_DIR: dataDir,
    LOGLEVEL: "none",
    MODULES: modules.join("\n"),
    SUFFIX: BASE_DN,
    ROOTDN: ROOT_DN,
    ROOTPW_HASH: sshaHash(ROOT_PASSWORD),
    SERVICE_DN: SERVICE_DN,
    EXTRA_CONFIG: extraConfig ?? "",
    DBNOSYNC: durable ? "" : "dbnosync",
  });
  const file = path.join(dataDir, "slapd.conf");
  await writeFile(file, config, { mode: 0o600 });
  return file;
}

/** Bulk-loads the seeds offline, only into an empty database (a reused dataDir keeps its data). */
export async function seed(configFile: string, dataDir: string, files: readonly string[]): Promise<void> {
  if (existsSync(path.join(dataDir, "db", "data.mdb"))) return;
  const slapadd = requireExecutable("slapadd");
  for (const file of files) {
    try {
      await run(slapadd, ["-q", "-f", configFile, "-l", file], { timeout: SLAPADD_TIMEOUT_MS });
    } catch (error) {
      throw new Error(`slapadd could not load ${file}: ${(error as Error).message}${appArmorHint()}`);
    }
  }
}
