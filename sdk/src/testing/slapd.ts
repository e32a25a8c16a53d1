// A throwaway OpenLDAP server for tests and demos: slapd runs as a foreground child process on
// 127.0.0.1 with the project's own schema subset and seed data (sdk/ldap), never the system slapd.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net, { type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "ldapts";

/** Options of {@link startSlapd}. */
export interface SlapdOptions {
  /** Extra LDIF files loaded after the schema's base entries and the demo data. */
  readonly ldif?: readonly string[];
  /** Load sdk/ldap/demo.ldif (default true). */
  readonly demoData?: boolean;
  /** Extra slapd.conf lines appended to the database section. */
  readonly extraConfig?: string;
  /** Where to keep config and database; a fresh temp dir when omitted. */
  readonly dataDir?: string;
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

const BASE_DN = "dc=example,dc=org";
const ROOT_DN = `cn=admin,${BASE_DN}`;
const ROOT_PASSWORD = "secret";
// Must match sdk/ldap/base.ldif, which holds the account's {SSHA} hash.
const SERVICE_DN = `cn=fdo-service,ou=services,${BASE_DN}`;
const SERVICE_PASSWORD = "fdo-service-secret";

const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 10_000;
const SLAPADD_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;
const PORT_ATTEMPTS = 5;
const OUTPUT_LIMIT = 16_384;

const SBIN_DIRS = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/local/libexec", "/usr/libexec"];
const MODULE_DIRS = ["/usr/lib/ldap", "/usr/lib64/openldap", "/usr/lib/openldap", "/usr/libexec/openldap"];
const SYSTEM_SCHEMA_DIRS = ["/etc/ldap/schema", "/etc/openldap/schema", "/usr/local/etc/openldap/schema"];
const INSTALL_HINT = "apt-get install -y slapd ldap-utils (as root, with DEBIAN_FRONTEND=noninteractive)";

// ---------------------------------------------------------------------------------------------
// Locating binaries, system files and the SDK's ldap/ directory

function findExecutable(name: string): string | undefined {
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

function requireExecutable(name: string): string {
  const found = findExecutable(name);
  if (found === undefined) throw new Error(`${name} not found; install it with: ${INSTALL_HINT}`);
  return found;
}

let sdkLdapDir: string | undefined;

/**
 * The sdk/ldap directory (schema, template, seed LDIF). Found by walking up from this module, which
 * lives in sdk/dist/ (bundle), build/sdk/src/testing/ (tests) or node_modules/@fdo/sdk/dist/.
 */
function ldapDir(): string {
  if (sdkLdapDir !== undefined) return sdkLdapDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [dir, path.join(dir, "sdk")]) {
      if (isSdkPackage(candidate) && existsSync(path.join(candidate, "ldap", "schema"))) {
        sdkLdapDir = path.join(candidate, "ldap");
        return sdkLdapDir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the @fdo/sdk ldap/ directory above ${fileURLToPath(import.meta.url)}`);
}

function isSdkPackage(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
    return pkg.name === "@fdo/sdk";
  } catch {
    return false;
  }
}

function firstExisting(dirs: readonly string[], file: string): string | undefined {
  return dirs.find((dir) => existsSync(path.join(dir, file)));
}

// ---------------------------------------------------------------------------------------------
// Installation

let installing: Promise<void> | undefined;

/** Ensures slapd/slapadd/slappasswd are installed: if missing and running as root with apt-get, installs `slapd ldap-utils` non-interactively (DEBIAN_FRONTEND=noninteractive); otherwise throws an Error whose message says exactly what to install. */
export function ensureSlapdInstalled(): Promise<void> {
  installing ??= installIfMissing().catch((error: unknown) => {
    installing = undefined; // let a later call retry, e.g. after the user installed it by hand
    throw error;
  });
  return installing;
}

const REQUIRED_TOOLS = ["slapd", "slapadd", "slappasswd"] as const;

async function installIfMissing(): Promise<void> {
  const missing = () => REQUIRED_TOOLS.filter((name) => findExecutable(name) === undefined);
  if (missing().length === 0) return;
  const aptGet = findExecutable("apt-get");
  if (process.getuid?.() !== 0 || aptGet === undefined) {
    throw new Error(
      `OpenLDAP server tools missing (${missing().join(", ")}). Install the Debian/Ubuntu packages slapd and ldap-utils: ` +
        `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Another test worker may be installing at the same time: wait for the dpkg lock instead of failing.
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  await run(aptGet, [...lock, "update"], { env, timeout: INSTALL_TIMEOUT_MS });
  await run(aptGet, [...lock, "install", "-y", "--no-install-recommends", "slapd", "ldap-utils"], { env, timeout: INSTALL_TIMEOUT_MS });
  if (missing().length > 0) throw new Error(`apt-get installed slapd but ${missing().join(", ")} still cannot be found`);
}

function run(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(" ")} failed: ${error.message}\n${tail(`${stdout}${stderr}`)}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Config and seed data

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

async function writeConfig(dataDir: string, extraConfig: string | undefined): Promise<string> {
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
    FDO_SCHEMA_DIR: path.join(dir, "schema"),
    DATA_DIR: dataDir,
    LOGLEVEL: "none",
    MODULES: modules.join("\n"),
    SUFFIX: BASE_DN,
    ROOTDN: ROOT_DN,
    ROOTPW_HASH: sshaHash(ROOT_PASSWORD),
    SERVICE_DN: SERVICE_DN,
    EXTRA_CONFIG: extraConfig ?? "",
  });
  const file = path.join(dataDir, "slapd.conf");
  await writeFile(file, config, { mode: 0o600 });
  return file;
}

/** Bulk-loads the seeds offline, only into an empty database (a reused dataDir keeps its data). */
async function seed(configFile: string, dataDir: string, files: readonly string[]): Promise<void> {
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

// ---------------------------------------------------------------------------------------------
// Process handling

const running = new Set<ChildProcess>();
const ownedDataDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * A test that forgets destroy() must neither hang nor leave slapd behind: children are unref'd (see
 * launch), so the process can end, and this hook then kills them and removes the temp dirs we created.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
    for (const dir of ownedDataDirs) rmSync(dir, { recursive: true, force: true });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

class SlapdStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
    this.name = "SlapdStartError";
  }
}

/** Runs slapd in the foreground (-d), so it stays our child: it can be waited for and is never left as a zombie. */
async function launch(configFile: string, port: number): Promise<ChildProcess> {
  const slapd = requireExecutable("slapd");
  const url = `ldap://127.0.0.1:${port}/`;
  // "-d none" keeps slapd in the foreground and prints only its unconditional messages (errors, "slapd starting").
  const slapdArgs = ["-d", "none", "-h", url, "-f", configFile];
  // setpriv --pdeathsig: the kernel kills slapd when the thread that spawned it dies, even on SIGKILL of node.
  const setpriv = findExecutable("setpriv");
  const [command, args] = setpriv === undefined ? [slapd, slapdArgs] : [setpriv, ["--pdeathsig", "KILL", "--", slapd, ...slapdArgs]];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = tail(output + chunk.toString("utf8"));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    const done = (reason: string) => {
      running.delete(child);
      exitReason ??= reason;
      resolve();
    };
    child.once("exit", (code, signal) => done(signal === null ? `exit code ${code ?? "?"}` : `signal ${signal}`));
    child.once("error", (error) => done(`spawn error: ${error.message}`));
  });

  let failure: string | undefined;
  const probing = new AbortController();
  try {
    await Promise.race([waitUntilAnswering(port, probing.signal), exited]);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    probing.abort(); // a probe still in flight after slapd died must not linger
  }
  if (failure === undefined && exitReason === undefined) {
    // A running slapd alone must not keep the event loop (and so a forgetful test process) alive.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref();
    return child;
  }
  const reason = exitReason ?? failure;
  if (exitReason === undefined) {
    child.kill("SIGKILL");
    await exited;
  }
  throw new SlapdStartError(
    `slapd failed to start on 127.0.0.1:${port} (${reason}); its output:\n${output.trim() || "(none)"}${appArmorHint()}`,
    /Address already in use|errno=98/.test(output),
  );
}

/** Resolves once the rootdn can bind (which also proves the database opened); gives up when aborted. */
async function waitUntilAnswering(port: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (signal.aborted) throw new Error("aborted");
    // unbind() only ends our half of the connection: destroy the probe socket ourselves so a peer
    // that never answers cannot keep it (and the event loop) alive.
    let socket: Socket | undefined;
    const client = new Client({
      url: `ldap://127.0.0.1:${port}`,
      timeout: 2000,
      connectTimeout: 1000,
      createConnection: ((...args: Parameters<typeof net.connect>) => (socket = net.connect(...args))) as typeof net.connect,
    });
    const abort = () => socket?.destroy();
    signal.addEventListener("abort", abort);
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return;
    } catch (error) {
      if (signal.aborted) throw new Error("aborted");
      if (Date.now() > deadline) throw new Error(`no answer within ${READY_TIMEOUT_MS} ms: ${(error as Error).message}`);
    } finally {
      signal.removeEventListener("abort", abort);
      await client.unbind().catch(() => undefined);
      socket?.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.ref(); // keep the loop alive until the exit is seen
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === "late") {
    child.kill("SIGKILL");
    await exited;
  }
}

function appArmorHint(): string {
  try {
    const profiles = readFileSync("/sys/kernel/security/apparmor/profiles", "utf8");
    if (/slapd.*\(enforce\)/.test(profiles)) {
      return "\nAppArmor confines slapd to its system directories; for tests run e.g. `sudo aa-complain /usr/sbin/slapd` (package apparmor-utils).";
    }
  } catch {
    // no AppArmor
  }
  return "";
}

function tail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
}

// ---------------------------------------------------------------------------------------------
// Public entry point

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
    const configFile = await writeConfig(dataDir, options.extraConfig);
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
