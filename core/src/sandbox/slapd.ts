// A throwaway OpenLDAP server for tests and demos: slapd runs as a foreground child process on
// 127.0.0.1 with the project's own schema subset and seed data (core/ldap), never the system slapd.
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BASE_DN, ROOT_DN, ROOT_PASSWORD, type SchemaGeneration, SERVICE_DN, SERVICE_PASSWORD, seed, writeConfig } from "./slapd-config.js";
import { ensureSlapdInstalled } from "./slapd-install.js";
import { ldapDir } from "./slapd-paths.js";
import { freePort, installExitHook, launch, ownedDataDirs, SlapdStartError, terminate } from "./slapd-process.js";

export { ensureSlapdInstalled };

/** Options of {@link startSlapd}. */
export interface SlapdOptions {
  /** Extra LDIF files loaded after the schema's base entries and the demo data. */
  readonly ldif?: readonly string[];
  /** Load core/ldap/demo.ldif (default true). */
  readonly demoData?: boolean;
  /** Extra slapd.conf lines appended to the database section. */
  readonly extraConfig?: string;
  /** Sync every write to disk, as a production directory does (default false: a throwaway database skips fsync). */
  readonly durable?: boolean;
  /** Where to keep config and database; a fresh temp dir when omitted. */
  readonly dataDir?: string;
  /**
   * `fd16` (default): the whole test schema. `fd15`: without its FD 1.6 additions (execution stamps, user task
   * history, template macros...), as an FD 1.5 directory; only data that needs none of them loads.
   */
  readonly schema?: SchemaGeneration;
}

/** A running (or stopped) throwaway slapd returned by {@link startSlapd}. */
export interface TestSlapd {
  readonly url: string; // ldap://127.0.0.1:<port>
  readonly port: number;
  readonly baseDn: string; // dc=example,dc=org
  readonly rootDn: string; // cn=admin,dc=example,dc=org
  readonly rootPassword: string;
  readonly serviceDn: string; // cn=fdo-service,ou=services,dc=example,dc=org
  readonly servicePassword: string;
  readonly dataDir: string;
  /** Stop the server (data kept). Resolves when the process has exited. */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stop and delete the data dir. */
  destroy(): Promise<void>;
}

const PORT_ATTEMPTS = 5;

/**
 * Starts a throwaway slapd on 127.0.0.1 and a free port, with the FD schema subset, the base entries
 * (suffix + service account), the demo data unless `demoData: false`, then `ldif` files. Installs
 * slapd first when possible (see {@link ensureSlapdInstalled}). Call `destroy()` when done; a process
 * that forgets still ends, and kills slapd on exit. A `dataDir` that already holds a database is
 * reused as is: nothing is loaded into it.
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<TestSlapd> {
  await ensureSlapdInstalled();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir === undefined ? await mkdtemp(path.join(os.tmpdir(), "fdo-slapd-")) : path.resolve(options.dataDir);
  if (ownsDataDir) ownedDataDirs.add(dataDir);
  installExitHook();
  try {
    await mkdir(path.join(dataDir, "db"), { recursive: true });
    const configFile = await writeConfig(dataDir, options.extraConfig, { durable: options.durable ?? false, generation: options.schema ?? "fd16" });
    const seeds = [path.join(ldapDir(), "base.ldif")];
    if (options.demoData ?? true) seeds.push(path.join(ldapDir(), "demo.ldif"));
    seeds.push(...(options.ldif ?? []).map((file) => path.resolve(file)));
    await seed(configFile, dataDir, seeds);

    let child: ChildProcess | undefined;
    let port = 0;
    for (let attempt = 1; child === undefined; attempt++) {
      port = await freePort();
      try {
        child = await launch(configFile, port);
      } catch (error) {
        // Another process may grab the port between our probe and slapd's bind.
        if (!(error instanceof SlapdStartError && error.portInUse && attempt < PORT_ATTEMPTS)) throw error;
      }
    }
    return makeHandle(dataDir, configFile, port, child);
  } catch (error) {
    if (ownsDataDir) {
      await rm(dataDir, { recursive: true, force: true });
      ownedDataDirs.delete(dataDir);
    }
    throw error;
  }
}

function makeHandle(dataDir: string, configFile: string, port: number, first: ChildProcess): TestSlapd {
  let child: ChildProcess | undefined = first;
  // Serialise stop/start/destroy so overlapping calls from a test cannot start two servers.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = (step: () => Promise<void>): Promise<void> => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };
  const stop = async () => {
    if (child === undefined) return;
    await terminate(child);
    child = undefined;
  };
  return {
    url: `ldap://127.0.0.1:${port}`,
    port,
    baseDn: BASE_DN,
    rootDn: ROOT_DN,
    rootPassword: ROOT_PASSWORD,
    serviceDn: SERVICE_DN,
    servicePassword: SERVICE_PASSWORD,
    dataDir,
    stop: () => serial(stop),
    start: () =>
      serial(async () => {
        if (child !== undefined) return;
        child = await launch(configFile, port);
      }),
    destroy: () =>
      serial(async () => {
        await stop();
        await rm(dataDir, { recursive: true, force: true });
        ownedDataDirs.delete(dataDir);
      }),
  };
}
