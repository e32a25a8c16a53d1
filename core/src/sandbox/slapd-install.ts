// Installing the OpenLDAP server tools on demand: only as root with apt-get, once per process.
import { run } from "./slapd-exec.js";
import { findExecutable } from "./slapd-paths.js";

const INSTALL_TIMEOUT_MS = 600_000;
const REQUIRED_TOOLS = ["slapd", "slapadd", "slappasswd"] as const;

let installing: Promise<void> | undefined;

/** Ensures slapd/slapadd/slappasswd are installed: if missing and running as root with apt-get, installs `slapd ldap-utils` non-interactively (DEBIAN_FRONTEND=noninteractive); otherwise throws an Error whose message says exactly what to install. */
export function ensureSlapdInstalled(): Promise<void> {
  installing ??= installIfMissing().catch((error: unknown) => {
    installing = undefined; // let a later call retry, e.g. after the user installed it by hand
    throw error;
  });
  return installing;
}

async function installIfMissing(): Promise<void> {
  const missing = () => REQUIRED_TOOLS.filter((name) => findExecutable(name) === undefined);
  if (missing().length === 0) return;
  const aptGet = findExecutable("apt-get");
  if (process.getuid?.() !== 0 || aptGet === undefined) {
    throw new Error(
      `OpenLDAP server tools missing (${missing().join(", ")}). Install the Debian/Ubuntu packages slapd and ldap-utils: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Another test worker may be installing at the same time: wait for the dpkg lock instead of failing.
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  await run(aptGet, [...lock, "update"], { env, timeout: INSTALL_TIMEOUT_MS });
  await run(aptGet, [...lock, "install", "-y", "--no-install-recommends", "slapd", "ldap-utils"], { env, timeout: INSTALL_TIMEOUT_MS });
  if (missing().length > 0) throw new Error(`apt-get installed slapd but ${missing().join(", ")} still cannot be found`);
}
